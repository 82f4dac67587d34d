"""The seed_demo step and the synthetic data of the expert review."""

import json

from greencomp.seed.accounts import seed_accounts
from greencomp.seed.fixtures_innovation import load_innovation
from greencomp.seed.innovation import seed_innovation_demo
from greencomp.seed.review import seed_review_demo, synthetic_reviews
from reviews.models import Criterion, Expert, Score, ScoreSheet, TrackReview
from reviews.selectors_review import applications_under_review, track_ranking

from ..factories import FIXTURE


def test_demo_step_makes_expert1_to_5_experts_with_entries_to_review(db):
    users = seed_accounts()
    load_innovation(json.loads(FIXTURE.read_text(encoding="utf-8")))
    demo = seed_innovation_demo(users)
    assert seed_review_demo(users) == demo
    assert seed_review_demo(users) == demo  # idempotent
    assert list(Expert.objects.filter(competition=demo).values_list("user__username", "code")) == [
        (f"expert{i}", f"专家{i:02d}") for i in range(1, 6)]
    assert Criterion.objects.filter(track__competition=demo).count() == 6 * 3 + 5 + 3
    assert [applications_under_review(t).count() for t in demo.tracks.order_by("number")] == [3] * 5


def test_synthetic_reviews_five_submitted_sheets_per_application(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert synthetic_reviews("tiny").endswith("6 名专家，450 份评分表")
    assert synthetic_reviews("tiny").endswith("评审数据已存在")
    assert ScoreSheet.objects.filter(status="submitted").count() == 18 * 5 * 5
    assert Score.objects.count() == 18 * 5 * (6 * 3 + 5 + 3)  # 5 sheets per entry × criteria of its track
    track = ScoreSheet.objects.first().track
    ranked = track_ranking(track)
    assert len(ranked) == 18
    assert all(e.n == 5 for e in ranked)
    # no expert reviews an entry twice
    assert ScoreSheet.objects.values("application", "expert").distinct().count() == 450
    # 评审进度's counters count the seeded sheets as the services would
    assert sorted(TrackReview.objects.filter(track__competition=track.competition).values_list(
        "sheets_assigned", "sheets_submitted")) == [(90, 90)] * 5
    assert {(e.sheets_assigned, e.sheets_submitted) for e in Expert.objects.all()} == {(75, 75)}
