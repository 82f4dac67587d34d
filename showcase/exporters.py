"""The 对接清单 for the 总结表彰大会 (seed 002 六（四）): every bank's interest in a project with its state and,
once the applicant accepted, the contact data; then the counts per bank, track and city. Excel and PDF."""

from django.utils import timezone

from greencomp.exporters import Exporter, text_date
from greencomp.xlsx import Sheet

from .display import consent_of, prize_label
from .enums import CONTACT_KEYS, InterestStatus
from .selectors import matchmaking_counts

HEADERS = ("序号", "金融机构", "项目名称", "申报单位", "赛道", "奖项", "省辖市", "融资需求（万元）", "对接意向说明",
           "状态", "提出时间", "联系人", "联系电话", "电子邮箱")
COUNT_HEADERS = ("序号", "{}", "对接意向数", "已同意对接数")


def interest_row(number: int, interest) -> list:
    application = interest.application
    data, consent = application.data or {}, consent_of(application)
    contact = [data.get(k, "") for k in CONTACT_KEYS] if interest.status == InterestStatus.ACCEPTED else ["", "", ""]
    need = consent.financing_need if consent and consent.financing_shared else None
    return [number, interest.bank.name, str(application), data.get("org_name") or application.organisation.name,
            application.track.name, prize_label(application) or "推荐项目", application.division.name, need,
            interest.message, interest.get_status_display(), interest.created_at, *contact]


class MatchmakingExporter(Exporter):
    filename = "银企对接清单"
    title = "河南省绿色低碳发展创新大赛银企对接清单"
    headers = HEADERS
    landscape = True
    pdf_widths = (3, 10, 10, 9, 8, 4, 5, 5, 12, 5, 7, 5, 8, 9)
    empty_text = "暂无对接意向"

    def __init__(self, interests, *, scope: str = ""):
        self.interests = interests
        self.preamble = [f"筛选条件：{scope}"] if scope else []

    def rows(self):
        for number, interest in enumerate(self.interests.iterator(chunk_size=2000), start=1):
            yield interest_row(number, interest)

    def sheets(self):
        counts = matchmaking_counts(self.interests)
        tables = [("按金融机构统计", "金融机构", [r["bank__name"] for r in counts["banks"]], counts["banks"]),
                  ("按赛道统计", "赛道", [r["application__track__name"] for r in counts["tracks"]], counts["tracks"]),
                  ("按省辖市统计", "省辖市", [r["application__division__name"] for r in counts["cities"]],
                   counts["cities"])]
        sheets = [Sheet(title=self.title, name="对接清单", headers=self.headers, rows=self.rows(),
                        preamble=[*self.preamble, f"导出时间：{text_date(timezone.now())}"], landscape=True,
                        pdf_widths=self.pdf_widths)]
        for title, column, labels, rows in tables:
            body = [[i, label, r["total"], r["accepted"]] for i, (label, r) in enumerate(zip(labels, rows, strict=True),
                                                                                      start=1)]
            body.append(["合计", "", sum(r["total"] for r in rows), sum(r["accepted"] for r in rows)])
            sheets.append(Sheet(title=f"银企对接{title}", name=title,
                                headers=[h.format(column) for h in COUNT_HEADERS], rows=body, total_rows=1,
                                spans=[(len(body) - 1, 1, 2)], pdf_widths=(10, 50, 20, 20)))
        return sheets
