#!/usr/bin/env bash
# `make run`: the background worker (mail, reminders, exports) beside the development server, stopped with it.
set -euo pipefail
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
export DEBUG=true

"$PY" manage.py jobs_schedule
"$PY" manage.py db_worker --no-reload --interval 1 &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true; wait "$WORKER" 2>/dev/null || true' EXIT
"$PY" manage.py runserver "$HOST:$PORT"
