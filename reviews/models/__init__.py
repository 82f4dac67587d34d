"""grading — 绩效分级 assessments and violations (issue 7); scoring — innovation-contest expert review and prizes
(issue 5); later: commendations (issue 6)."""

from .commendation import *  # noqa: F403
from .grading import *  # noqa: F403
from .scoring import *  # noqa: F403
