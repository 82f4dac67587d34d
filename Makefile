# The README's two commands are `make run` and `make test`.
PY := .venv/bin/python
TEST_DATABASE_URL ?= postgres://postgres:postgres@127.0.0.1:5432/greencomp
PYTEST_WORKERS ?= 2
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test lint migrate demo bench bench-data bench-load bench-logins e2e

setup:
	bash scripts/setup.sh

migrate: setup
	DEBUG=true $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=true $(PY) manage.py seed_demo

run: demo
	@echo "GreenComp: http://$(HOST):$(PORT)/  (demo accounts in README.md, password demo-pass-2025)"
	PY=$(PY) HOST=$(HOST) PORT=$(PORT) bash scripts/run.sh

lint: setup
	.venv/bin/ruff check .

test: setup
	bash scripts/ensure-postgres.sh
	.venv/bin/ruff check .
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DEBUG=true DATABASE_URL=$(TEST_DATABASE_URL) $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$rc

BENCH_DB ?= greencomp_bench
# BENCH_VIEWS mounts the bare reference view (greencomp.seed.bench_views); the bench signs in with force_login,
# so the secretariat's second factor is off here (it is a request cost of its own, not a page's).
BENCH_ENV = DEBUG=false SECRET_KEY=bench-only-not-secret-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx \
	ALLOWED_HOSTS=testserver,127.0.0.1 SECURE_SSL_REDIRECT=false SECURE_COOKIES=false BENCH_VIEWS=true \
	OTP_REQUIRED_FOR_SECRETARIAT=false DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/$(BENCH_DB)
SCALE ?= province

bench-data: setup
	bash scripts/ensure-postgres.sh
	psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$(BENCH_DB)'" | grep -q 1 \
	  || createdb -h 127.0.0.1 -U postgres $(BENCH_DB)
	$(BENCH_ENV) $(PY) manage.py migrate --noinput -v0
	$(BENCH_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(BENCH_ENV) $(PY) manage.py seed_synthetic --scale $(SCALE)

# Performance (SPEC.md): builds the synthetic data set once per scale, times pages and exports against the bare
# view, then the deadline load against gunicorn; ends with "达标：met / total".
bench: bench-data
	@uptime
	$(BENCH_ENV) $(PY) manage.py bench --scale $(SCALE) $(BENCH_ARGS)
	$(BENCH_ENV) $(PY) scripts/bench_load.py --scale $(SCALE)

# The deadline load alone (16 clients against gunicorn -w 4 on loopback, see scripts/bench_load.py).
bench-load: bench-data
	$(BENCH_ENV) $(PY) scripts/bench_load.py --scale $(SCALE)

# A burst of 100 form logins with the production hasher and with Argon2 (CPU per login), see the script.
bench-logins: bench-data
	$(BENCH_ENV) $(PY) scripts/bench_load_logins.py
