"""grading — 绩效分级 assessments and violations (issue 7); later: rubrics/scores (issue 5),
commendations (issue 6)."""

from .commendation import *  # noqa: F403
from .grading import *  # noqa: F403
