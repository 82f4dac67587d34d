"""The seed notices as 通知公告 of their competitions (`fixtures/notices/`, the texts of ../shared/seeds/ with the
Word bookmarks and Markdown marks removed): published through the portal's services, so each is audited. A
labour notice carries its 附件1 名额分配表 as the Excel file the quota page exports.
Idempotent: a notice already there (same competition and title) is left as it is."""

import io

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from competitions.models import Competition
from greencomp.xlsx import write_xlsx
from portal.models import Notice
from portal.services import notice_attachment_add, notice_create, notice_publish
from quotas.exporters_labour import QuotaTableExporter
from quotas.models import QuotaTable

NOTICES_DIR = settings.SEED_FIXTURES_DIR / "notices"
# file → (competition of the fixtures, the notice's title as the seed words it)
SEED_NOTICES = {
    "labour_2022_henan.txt": ("2022年全省重点行业绿色发展竞赛", "关于在全省重点行业开展绿色发展竞赛的通知（豫工文〔2022〕32号）"),
    "labour_2019_jiaozuo.txt": ("2019年焦作市重点企业“三比两降”节能减排劳动竞赛",
                                "关于在全市重点企业开展“三比两降”节能减排劳动竞赛活动的通知（焦工文〔2019〕27号）"),
    "innovation_2025_henan.txt": ("2025年河南省工业绿色低碳发展创新大赛", "2025年河南省工业绿色低碳发展创新大赛工作方案"),
    "grading_2021_henan.txt": ("河南省2021年重点行业绩效分级提升行动方案", "河南省2021年重点行业绩效分级提升行动方案"),
}


@transaction.atomic
def seed_notices(*, by) -> list[Notice]:
    notices = []
    for filename, (competition_title, title) in SEED_NOTICES.items():
        competition = Competition.objects.filter(title=competition_title).order_by("pk").first()
        if competition is None:
            continue
        notice = Notice.objects.filter(competition=competition, title=title).first()
        if notice is None:
            body = (NOTICES_DIR / filename).read_text(encoding="utf-8")
            notice = notice_create(competition=competition, title=title, body=body, by=by)
            _attach_quota_table(notice, by=by)
            notice = notice_publish(notice=notice, by=by)
        notices.append(notice)
    return notices


def _attach_quota_table(notice, *, by) -> None:
    table = QuotaTable.objects.filter(competition_id=notice.competition_id).select_related("competition").first()
    if table is None:
        return
    exporter = QuotaTableExporter(table)
    buffer = io.BytesIO()
    write_xlsx(exporter.sheets(), buffer)
    upload = SimpleUploadedFile(f"附件1 {exporter.filename}.xlsx", buffer.getvalue())
    notice_attachment_add(notice=notice, upload=upload, by=by)
