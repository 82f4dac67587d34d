"""The public side's world: a published notice with an attachment, a published 推荐 公示, an open results 公示
with a prize, and for each a twin that is NOT published, whose texts must never appear anonymously."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from applications.models import Application, Publicity, RecommendationList
from competitions.enums import CompetitionStatus
from competitions.models import Track
from portal.models import NoticeAttachment
from reviews.models import Prize, ResultNotice

from ..factories import CompetitionFactory, DivisionFactory, NoticeFactory, OrganisationFactory

SECRET = "不应公开"  # in every unpublished text below


def attach(notice, by, name="附件一.pdf"):
    return NoticeAttachment.objects.create(
        notice=notice, file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="a.pdf"), original_name=name, size=15,
        sha256="0" * 64, content_type="application/pdf", uploaded_by=by)


def prize_for(contest, track, *, title, by, level="first"):
    division = contest.divisions.order_by("order", "id").first()
    application = Application.objects.create(
        competition=contest, track=track, division=division, organisation=OrganisationFactory(name=f"{title}公司"),
        created_by=by, title=title, status=Application.Status.RECOMMENDED, version=1, submitted_at=timezone.now())
    RecommendationList.objects.update_or_create(division=division, track=track, defaults={
        "status": RecommendationList.Status.ACCEPTED, "submitted_at": timezone.now()})
    return Prize.objects.create(track=track, application=application, rank=1, proposed_level=level, level=level)


@pytest.fixture
def public_world(innovation, secretariat):
    """Published things on `innovation` (active); unpublished twins on a second contest and on a draft one."""
    today = timezone.localdate()
    notice = NoticeFactory(competition=innovation, title="大赛工作方案", body="大赛正文")
    attach(notice, secretariat)
    Publicity.objects.create(competition=innovation, title="推荐项目公示", starts_on=today - datetime.timedelta(days=1),
                             ends_on=today + datetime.timedelta(days=5), published_at=timezone.now())
    ResultNotice.objects.create(competition=innovation, opens_on=today, closes_on=today + datetime.timedelta(days=7),
                                published_at=timezone.now())
    prize_for(innovation, innovation.tracks.get(number=1), title="公开获奖项目", by=secretariat)

    hidden = CompetitionFactory(title="另一大赛", kind="innovation")
    draft_notice = NoticeFactory(competition=innovation, title=f"草稿通知{SECRET}", body=f"草稿正文{SECRET}",
                                 published_at=None)
    hidden_attachment = attach(draft_notice, secretariat, name=f"草稿附件{SECRET}.pdf")
    Publicity.objects.create(competition=hidden, title=f"未发布公示{SECRET}", starts_on=today, ends_on=today)
    ResultNotice.objects.create(competition=hidden, opens_on=today, closes_on=today)
    DivisionFactory(competition=hidden, name="洛阳市", city="洛阳市")
    hidden_track = Track.objects.create(competition=hidden, number=1, name="清洁生产技术创新成果", form_type="technology")
    prize_for(hidden, hidden_track, title=f"未公示获奖项目{SECRET}", by=secretariat)
    draft_competition = CompetitionFactory(title=f"草稿竞赛{SECRET}", status=CompetitionStatus.DRAFT)
    draft_competition_notice = NoticeFactory(competition=draft_competition, title=f"草稿竞赛的通知{SECRET}")
    return {"notice": notice, "draft_notice": draft_notice, "hidden": hidden, "draft_competition": draft_competition,
            "draft_competition_notice": draft_competition_notice, "hidden_attachment": hidden_attachment}
