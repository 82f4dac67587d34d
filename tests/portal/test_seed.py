"""The seed step: the four seed notices published on their competitions, the labour ones with their 附件1."""

from greencomp.models import AuditEvent
from greencomp.seed.accounts import seed_accounts
from greencomp.seed.fixtures import load_all
from greencomp.seed.notices import SEED_NOTICES, seed_notices
from portal.models import Notice


def test_seed_notices_are_published_with_their_attachments_once(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    secretariat = seed_accounts()["secretariat"]
    load_all(by=secretariat)
    seed_notices(by=secretariat)
    seed_notices(by=secretariat)  # idempotent
    notices = Notice.objects.order_by("id")
    assert [(n.competition.title, n.title) for n in notices] == list(SEED_NOTICES.values())
    assert all(n.published_at for n in notices)
    assert [a for n in notices for a in n.attachments.values_list("original_name", flat=True)] == [
        "附件1 2022年全省重点行业绿色发展竞赛参赛企业分配表.xlsx", "附件1 焦作市重点企业节能减排竞赛活动参赛企业名额分配表.xlsx"]
    assert "豫工文〔2022〕32号" in notices[0].body and "[bookmark" not in notices[2].body
    assert AuditEvent.objects.filter(action="portal.notice_publish").count() == 4
