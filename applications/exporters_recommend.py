"""The 推荐汇总表 (issue 4 item 7): per track or overall, Excel and PDF, from the lists sent to the secretariat."""

from greencomp.pdf import render_pdf
from greencomp.xlsx import Exporter

from .selectors_recommend import recommendation_summary

SUMMARY_HEADERS = ["序号", "赛道", "推荐单位（省辖市）", "申报单位", "技术/产品/案例名称", "联系人", "联系电话"]


def contact_name(application) -> str:
    return application.data.get("contact_name") or ""


def contact_phone(application) -> str:
    return application.data.get("contact_phone") or ""


def summary_row(number: int, application) -> list:
    return [number, application.track.name, application.division.name, application.organisation.name,
            application.title or application.data.get("title", ""), contact_name(application),
            contact_phone(application)]


class RecommendationSummaryExporter(Exporter):
    headers = SUMMARY_HEADERS
    landscape = True

    def __init__(self, competition, *, track=None, division=None):
        self.competition, self.track, self.division = competition, track, division
        scope = f"（{track.name}）" if track is not None else ""
        who = division.name if division is not None else ""
        self.title = f"{competition.title}{who}推荐汇总表{scope}"
        self.filename = f"{who}推荐汇总表{scope}"
        self.preamble = [f"填报日期：{'':>6}年{'':>4}月{'':>4}日"] if division is not None else []

    def queryset(self):
        return recommendation_summary(self.competition, track=self.track, division=self.division)

    def rows(self):
        for number, application in enumerate(self.queryset().iterator(chunk_size=2000), start=1):
            yield summary_row(number, application)

    def pdf_response(self):
        return render_pdf("applications/recommend/summary_pdf.html", {
            "title": self.title, "headers": self.headers, "rows": self.rows(), "division": self.division,
        }, self.filename)
