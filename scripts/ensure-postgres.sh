#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 for the test suite: uses the one running,
# starts an installed one that is stopped, installs one with apt-get when missing (as root).
set -euo pipefail
HOST=127.0.0.1 PORT=5432

ready() { pg_isready -q -h "$HOST" -p "$PORT" 2>/dev/null; }

if command -v pg_isready >/dev/null && ready; then exit 0; fi

if ! command -v pg_ctlcluster >/dev/null || [[ -z $(pg_lsclusters -h 2>/dev/null) ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "PostgreSQL is not installed. Install it with: sudo apt-get install postgresql" >&2
    exit 1
  fi
  echo "== installing PostgreSQL"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

read -r version cluster _ < <(pg_lsclusters -h | head -n 1)
echo "== starting PostgreSQL $version/$cluster"
pg_ctlcluster "$version" "$cluster" start || true
for _ in $(seq 1 30); do ready && break; sleep 1; done
ready || { echo "PostgreSQL did not start on $HOST:$PORT" >&2; exit 1; }
# A fresh Debian cluster asks for a password over TCP: give the postgres role the one the tests use.
su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null 2>&1 || true
