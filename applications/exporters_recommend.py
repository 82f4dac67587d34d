"""The 推荐汇总表 (issue 4 item 7): per track or overall, Excel and PDF from the same rows, from the lists sent to
the secretariat; a city's own table carries its 推荐单位（盖章） line with the body's name and the 填表人 lines."""

from greencomp.exporters import Exporter

from .selectors_recommend import SENT_LIST, recommendation_summary, recommending_body

SUMMARY_HEADERS = ["序号", "赛道", "推荐单位（省辖市）", "申报单位", "技术/产品/案例名称", "联系人", "联系电话"]
BLANK_DATE = "填报日期：      年    月    日"


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
    pdf_widths = (5, 16, 15, 21, 22, 8, 13)
    empty_text = "暂无推荐项目"

    def __init__(self, competition, *, track=None, division=None, statuses=SENT_LIST):
        self.competition, self.track, self.division = competition, track, division
        self.statuses = statuses  # None: the city's every recommended project, whatever its lists' state
        scope = f"（{track.name}）" if track is not None else ""
        who = division.name if division is not None else ""
        self.title = f"{competition.title}{who}推荐汇总表{scope}"
        self.filename = f"{who}推荐汇总表{scope}"
        if division is not None:
            self.preamble = [f"推荐单位（盖章）：{recommending_body(division)}", BLANK_DATE]
            self.footer = ["填表人：                        联系电话："]

    def queryset(self):
        return recommendation_summary(self.competition, track=self.track, division=self.division,
                                      statuses=self.statuses)

    def rows(self):
        for number, application in enumerate(self.queryset().iterator(chunk_size=2000), start=1):
            yield summary_row(number, application)
