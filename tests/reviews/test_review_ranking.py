"""Aggregation and ranking checked against values computed by hand (track 2: maximum = weight, so a sheet's
weighted total is the plain sum of its four scores)."""

import datetime
import math

import pytest
from django.utils import timezone

from reviews import services_review as services
from reviews.selectors_review import track_ranking

from ..factories import assign, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(pool, make_expert):
    return [pool["expert"], pool["other_expert"]] + [make_expert() for _ in range(3)]


def _by_title(entries):
    return {e.application.title: e for e in entries}


def test_mean_trimmed_mean_spread_and_sd(track2, make_review_entry, five):
    entry = make_review_entry(track2, title="甲")
    totals = [[20, 25, 20, 15], [18, 22, 18, 12], [22, 28, 22, 18], [15, 20, 15, 10], [21, 27, 21, 16]]
    for expert, values in zip(five, totals, strict=True):
        score(assign(entry, expert), values)  # totals 80, 70, 90, 60, 85
    [e] = track_ranking(track2)
    assert e.n == 5
    assert e.mean == pytest.approx(77.0)
    assert e.trimmed == pytest.approx((80 + 70 + 85) / 3)  # 去掉一个最高分 90 和一个最低分 60
    assert e.spread == pytest.approx(30.0)
    assert e.stddev == pytest.approx(math.sqrt(580 / 5))  # population SD: (9+49+169+289+64)/5
    assert e.score == pytest.approx(78.3333, abs=1e-4)  # the default method is the trimmed mean
    assert e.rank == 1


def test_trimmed_mean_needs_five_sheets_else_mean(track2, make_review_entry, five):
    entry = make_review_entry(track2, title="乙")
    for expert, values in zip(five[:4], [[20, 25, 20, 15], [18, 22, 18, 12], [22, 28, 22, 18], [15, 20, 15, 10]],
                              strict=True):
        score(assign(entry, expert), values)
    [e] = track_ranking(track2)
    assert (e.n, e.trimmed, e.score) == (4, None, pytest.approx(75.0))


def test_zscore_normalisation_by_hand(track2, make_review_entry, pool, secretariat):
    services.track_settings_update(track=track2, method="zscore", exclude_same_city=False, experts_per_entry=5,
                                   tie_criterion_id=track2.review.tie_criterion_id, by=secretariat)
    track2.review.refresh_from_db()
    a, b = make_review_entry(track2, title="A"), make_review_entry(track2, title="B")
    e1, e2 = pool["expert"], pool["other_expert"]
    score(assign(a, e1), [20, 25, 20, 15])  # 80
    score(assign(b, e1), [15, 20, 15, 10])  # 60  → expert 1: mean 70, SD 10, z = +1 / −1
    score(assign(a, e2), [22, 28, 22, 18])  # 90
    score(assign(b, e2), [21, 28, 22, 15])  # 86  → expert 2: mean 88, SD 2,  z = +1 / −1
    pool_sd = math.sqrt((1 + 361 + 121 + 49) / 4)  # pool mean 79
    ranked = _by_title(track_ranking(track2))
    assert ranked["A"].zscore == pytest.approx(79 + pool_sd)
    assert ranked["B"].zscore == pytest.approx(79 - pool_sd)
    assert ranked["A"].mean == pytest.approx(85.0)
    assert (ranked["A"].rank, ranked["B"].rank) == (1, 2)
    assert ranked["A"].score == ranked["A"].zscore


def test_ties_broken_by_innovation_score_then_earlier_submission(track2, make_review_entry, pool, secretariat):
    services.track_settings_update(track=track2, method="mean", exclude_same_city=False, experts_per_entry=5,
                                   tie_criterion_id=track2.review.tie_criterion_id, by=secretariat)
    track2.review.refresh_from_db()
    now = timezone.now()
    c = make_review_entry(track2, title="C", submitted_at=now - datetime.timedelta(days=1))
    d = make_review_entry(track2, title="D", submitted_at=now - datetime.timedelta(days=9))
    late = make_review_entry(track2, title="E晚", submitted_at=now - datetime.timedelta(days=2))
    early = make_review_entry(track2, title="F早", submitted_at=now - datetime.timedelta(days=3))
    score(assign(c, pool["expert"]), [20, 25, 15, 15])  # 75, 技术创新点 25
    score(assign(d, pool["expert"]), [20, 20, 20, 15])  # 75, 技术创新点 20, submitted earlier
    score(assign(late, pool["expert"]), [20, 20, 10, 10])  # 60
    score(assign(early, pool["other_expert"]), [20, 20, 10, 10])  # 60, same 技术创新点, earlier
    ranked = track_ranking(track2)
    assert [e.application.title for e in ranked] == ["C", "D", "F早", "E晚"]
    assert ranked[0].tie_note == "与第2名同分，技术创新点平均得分较高（25.00 > 20.00）"
    assert ranked[2].tie_note == "与第4名同分且技术创新点得分相同，提交时间较早"
    assert ranked[3].tie_note == "与第3名同分，排在其后"


def test_entry_failing_the_gate_in_most_sheets_is_excluded_with_reasons(track2, make_review_entry, pool, make_expert):
    third = make_expert()
    g, h = make_review_entry(track2, title="G"), make_review_entry(track2, title="H")
    score(assign(g, pool["expert"]), [25, 30, 25, 20], gates=[(False, "营业执照已过期")])
    score(assign(g, pool["other_expert"]), [25, 30, 25, 20], gates=[(True, ""), (False, "无专利证书")])
    score(assign(g, third), [25, 30, 25, 20])
    score(assign(h, pool["expert"]), [10, 10, 10, 10], gates=[(False, "营业执照已过期")])
    score(assign(h, pool["other_expert"]), [10, 10, 10, 10])
    score(assign(h, third), [10, 10, 10, 10])
    ranked = _by_title(track_ranking(track2))
    assert (ranked["G"].excluded, ranked["G"].rank, ranked["G"].gate_failures) == (True, None, 2)
    assert ranked["G"].reasons == ["具有独立法人资格：营业执照已过期", "技术知识产权清晰：无专利证书"]
    assert (ranked["H"].excluded, ranked["H"].rank) == (False, 1)


def test_only_entries_under_review_are_ranked(track2, make_review_entry, pool):
    entry = make_review_entry(track2, title="在评")
    other = make_review_entry(track2, city="开封市", title="名单未接收")
    other.division.recommendation_lists.filter(track=track2).update(status="submitted")
    score(assign(entry, pool["expert"]), [20, 20, 20, 20])
    assert [e.application.title for e in track_ranking(track2)] == ["在评"]
