"""Loading the real competitions in `fixtures/` (one JSON file each, in our own format, keyed by "kind").

Each capability registers the loader for its kind of competition in LOADERS; loading is idempotent:
a competition already present (same kind, year and title) is left as it is."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
LOADERS: dict = {}


def fixture_files() -> list[Path]:
    return sorted(FIXTURES_DIR.glob("*.json"))


@transaction.atomic
def load_all(*, by=None) -> list:
    loaded = []
    for path in fixture_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        loader = LOADERS.get(data.get("kind"))
        if loader is None:
            raise ValueError(f"{path.name}: no loader for kind {data.get('kind')!r}")
        loaded.append(loader(data, by=by))
    return loaded


def _register_loaders() -> None:
    from applications.fixtures_innovation import load_innovation

    LOADERS["innovation"] = load_innovation

    from reviews.services_review import load_rubrics_fixture

    LOADERS["rubrics"] = load_rubrics_fixture  # after innovation_*.json (sorted): rubrics of 附件2 per track


_register_loaders()
