"""Loading the real competitions in `fixtures/`: one JSON file per competition, in our own format, named
`<kind>_<year>_<place>.json` and keyed by "kind". Other files there (rubrics, award types) belong to the
capability that reads them. Loading is idempotent: a competition already present is left as it is."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from greencomp.seed.fixtures_innovation import load_innovation
from greencomp.seed.fixtures_labour import load_labour
from quotas.services_grading import grading_fixture_load
from reviews.services_review import load_rubrics_fixture

FIXTURES_DIR = settings.SEED_FIXTURES_DIR
KINDS = ("labour", "innovation", "grading", "rubrics")  # rubrics after the contests they belong to


def loaders() -> dict:
    """The loader of each kind."""
    return {"labour": load_labour, "innovation": load_innovation, "grading": grading_fixture_load,
            "rubrics": load_rubrics_fixture}


def fixture_files() -> list[Path]:
    return [path for kind in KINDS for path in sorted(FIXTURES_DIR.glob(f"{kind}_*.json"))]


@transaction.atomic
def load_all(*, by=None) -> list:
    by_kind = loaders()
    loaded = []
    for path in fixture_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        loader = by_kind.get(data.get("kind"))
        if loader is None:
            raise ValueError(f"{path.name}: no loader for kind {data.get('kind')!r}")
        loaded.append(loader(data, by=by))
    return loaded
