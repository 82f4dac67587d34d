"""Fixtures of the labour capability (issue 3): the two seed competitions loaded from fixtures/, and a small
quota table on the shared `competition`."""

import json

import pytest

from greencomp.seed.fixtures import FIXTURES_DIR
from greencomp.seed.fixtures_labour import load_labour
from quotas.models import Quota, QuotaTable


def load_fixture(name: str, by=None):
    return load_labour(json.loads((FIXTURES_DIR / name).read_text(encoding="utf-8")), by=by)


@pytest.fixture
def henan_2022(db):
    return load_fixture("labour_2022_henan.json")


@pytest.fixture
def jiaozuo_2019(db):
    return load_fixture("labour_2019_jiaozuo.json")


@pytest.fixture
def quota_table(competition, division, other_division):
    """The shared competition (notice total 100) with 郑州市 60 and 开封市 40, as a draft."""
    table = QuotaTable.objects.create(competition=competition, notice_total=100)
    Quota.objects.create(table=table, division=division, entries=60)
    Quota.objects.create(table=table, division=other_division, entries=40)
    return table
