import cProfile
import pstats
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.applications.test_labour_views import ENTRY_POST

pytestmark = pytest.mark.django_db


def _payload(data):
    return {k: ("on" if v is True else v) for k, v in data.items() if v not in (False, None)}


def test_profile_submit(client, enterprise, tracks, make_application):
    application = make_application(enterprise, tracks[1], proofs=True)
    client.force_login(enterprise)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as ctx:
        r = client.post(reverse("innovation:submit", args=[application.pk]), _payload(application.data))
    assert r.status_code == 302, r.content[:3000]
    with open("/tmp/perfwrite/submit.txt", "w") as f:
        for q in ctx.captured_queries:
            f.write(q["sql"][:150] + "\n")


def test_profile_register_cpu(client, registration_open, division, officer):
    client.force_login(officer)
    url = reverse("labour:entry_create", args=[division.pk])
    client.post(url, ENTRY_POST)
    from tests.factories import valid_credit_code
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    for i in range(20):
        client.post(url, {**ENTRY_POST, "credit_code": valid_credit_code(400 + i), "organisation_name": f"单位{i}"})
    prof.disable()
    with open("/tmp/perfwrite/register_prof.txt", "w") as f:
        f.write(f"{(time.perf_counter() - t) / 20 * 1000:.1f} ms per request\n")
        pstats.Stats(prof, stream=f).sort_stats("cumulative").print_stats(60)
