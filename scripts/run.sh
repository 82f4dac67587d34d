#!/usr/bin/env bash
# `make run`: the background worker (mails, deadline reminders, 下载中心 exports) beside the development server;
# both stop together (Ctrl+C, or either one ending).
set -euo pipefail
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
export DEBUG=true

"$PY" manage.py jobs_schedule
"$PY" manage.py db_worker --no-reload --interval 1 &
WORKER=$!
"$PY" manage.py runserver "$HOST:$PORT" &
SERVER=$!
trap 'kill "$WORKER" "$SERVER" 2>/dev/null || true; wait 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
wait -n "$WORKER" "$SERVER"
