"""评审进度's counters when sheet writes race (PostgreSQL, real threads): every write is counted once and no two
writers deadlock. (The services lock the sheet with its track and expert rows, so writes of one track queue
there; the counters' n = n + k would add up even without that.)"""

import pytest
from django.db import connection

from reviews import services_review as services
from reviews.models import Expert, ScoreSheet, TrackReview
from tests import concurrency
from tests.factories import assign, full_marks, score

pytestmark = pytest.mark.django_db(transaction=True)
RACERS = 10


def test_racing_submits_and_unassigns_keep_the_counters_exact(track2, make_review_entry, make_expert, secretariat):
    assert connection.vendor == "postgresql"
    entry = make_review_entry(track2)
    experts = [make_expert() for _ in range(RACERS)]
    sheets = [assign(entry if n < 5 else make_review_entry(track2), expert) for n, expert in enumerate(experts)]

    def write(n):  # half the experts submit their sheet, the secretariat unassigns the others'
        if n % 2:
            return services.assignment_remove(sheet=sheets[n], by=secretariat)
        return score(sheets[n], full_marks(track2)).pk

    accepted, refused, crashed = concurrency.race(RACERS, write)
    assert (crashed, refused, len(accepted)) == ([], [], RACERS)
    review = TrackReview.objects.get(track=track2)
    assert (review.sheets_assigned, review.sheets_submitted) == (RACERS // 2, RACERS // 2)
    assert ScoreSheet.objects.filter(track=track2).count() == RACERS // 2
    assert {e.pk: (e.sheets_assigned, e.sheets_submitted) for e in Expert.objects.filter(pk__in=[e.pk for e in experts])} == {
        e.pk: (0, 0) if n % 2 else (1, 1) for n, e in enumerate(experts)}
