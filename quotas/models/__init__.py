"""quota_tables — labour-competition quota tables (issue 3); grading_targets — 绩效分级 targets (issue 7)."""

from .grading_targets import *  # noqa: F403
from .quota_tables import *  # noqa: F403
