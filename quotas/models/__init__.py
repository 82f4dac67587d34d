"""quota_tables — labour-competition quota tables (issue 3); grading_targets — 绩效分级 targets (issue 7);
grading_tallies — the grading dashboard's stored per-city counts (issue 15)."""

from .grading_tallies import *  # noqa: F403
from .grading_targets import *  # noqa: F403
from .quota_tables import *  # noqa: F403
