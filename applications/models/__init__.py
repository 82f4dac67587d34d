"""Models of the `applications` app, one module per capability (the app is past ~500 lines):
registration — labour-competition entries (issue 3); innovation — the three application forms (issue 4);
improvement — the grading campaign's improvement lists (issue 7); submitted — what is submitted to the level
above and may come back with a reason (applications, recommendation lists, nominations)."""

from .improvement import *  # noqa: F403
from .innovation import *  # noqa: F403
from .recommend import *  # noqa: F403
from .registration import *  # noqa: F403
from .submitted import *  # noqa: F403
