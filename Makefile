# The DTI scorecard. `make run` runs the app, `make test` runs the suite on
# SQLite and PostgreSQL. Everything goes through .venv (made by `make install`).

PY := .venv/bin/python
# Commands on the local database use the base settings with DEBUG on by default,
# as `make run` does; set DJANGO_DEBUG / DATABASE_URL in the environment to change.
MANAGE := DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py
TEMPLATES := $(shell find templates -name '*.html' 2> /dev/null)
PYTHON_FILES := $(shell git ls-files --cached --others --exclude-standard '*.py' 2> /dev/null)

.PHONY: help install run serve scan test coverage test-orders lint fmt migrations-check reset-db data data-sync messages ci bench lighthouse load fuzz mutants

help:
	@echo "make install           install Python packages into .venv (scripts/setup.sh)"
	@echo "make run               migrate, load the data, serve http://127.0.0.1:8000"
	@echo "make serve             the production stack: gunicorn, DEBUG off, settings from the environment"
	@echo "make scan              wapiti against a local make serve on loopback (a few minutes)"
	@echo "make test [ARGS=...]   the whole suite on SQLite and PostgreSQL"
	@echo "make coverage          the suite on SQLite with line coverage (floor COV_FLOOR, 60 %); not in CI"
	@echo "make test-orders       the whole suite in three random orders (SEEDS=...), about 25 min"
	@echo "make lint / fmt        ruff, djade, pyproject-fmt: check / rewrite"
	@echo "make migrations-check  fail if a model change has no migration"
	@echo "make reset-db          rebuild the local database from fixtures/"
	@echo "make data              reload fixtures/sources/ (the published CSVs) and rewrite fixtures/*.json"
	@echo "make data-sync         copy ../shared/data into fixtures/sources/ when it changed"
	@echo "make messages          update and compile the English translations"
	@echo "make ci                what CI runs (.ci/run)"
	@echo "make bench             benchmark table (gunicorn + wrk + nginx, PostgreSQL; bench/README)"
	@echo "make lighthouse        Lighthouse (mobile defaults) on the ranking, province and compare pages under make serve; not in CI"
	@echo "make load              2 minutes of wrk: 0 non-2xx, worker memory growth < 20 %"
	@echo "make fuzz              hypothesis robustness runs, >= 1,000 cases (FUZZ_EXAMPLES)"
	@echo "make mutants           mutation testing of the pure calculation modules (mutmut), prints the score; not in CI"

install:
	bash scripts/setup.sh

run:
	bash scripts/run.sh

serve:
	bash scripts/serve.sh

scan:
	bash scripts/scan.sh $(ARGS)

test:
	bash scripts/test.sh $(ARGS)

coverage:
	TEST_COVERAGE=1 TEST_DATABASES=sqlite bash scripts/test.sh $(ARGS)

test-orders:
	bash scripts/test-orders.sh

lint: install
	@status=0; \
	echo "ruff check"; $(PY) -m ruff check --output-format=concise . || status=1; \
	echo "ruff format --check"; $(PY) -m ruff format --check . || status=1; \
	echo "djade --check"; $(if $(TEMPLATES),.venv/bin/djade --target-version 6.0 --check $(TEMPLATES) || status=1,true); \
	echo "pyproject-fmt --check"; .venv/bin/pyproject-fmt --check pyproject.toml > /dev/null || { echo "pyproject.toml needs pyproject-fmt (make fmt)"; status=1; }; \
	exit $$status

fmt: install
	$(if $(PYTHON_FILES),-.venv/bin/django-upgrade --target-version 6.0 $(PYTHON_FILES))
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .
	$(if $(TEMPLATES),-.venv/bin/djade --target-version 6.0 $(TEMPLATES))
	-.venv/bin/pyproject-fmt pyproject.toml

migrations-check: install
	DJANGO_SETTINGS_MODULE=dti.settings.test $(PY) manage.py makemigrations --check --dry-run

reset-db:
	bash scripts/reset-db.sh

data:
	bash scripts/data.sh

data-sync:
	bash scripts/data-sync.sh

messages: install
	$(MANAGE) makemessages -l en --ignore=.venv --ignore=staticfiles --ignore=test-artifacts
	$(MANAGE) compilemessages --ignore=.venv

ci:
	bash .ci/run

bench: install
	$(PY) bench/bench.py $(ARGS)

lighthouse: install
	$(PY) bench/lighthouse.py $(ARGS)

load: install
	$(PY) bench/bench.py --load $(ARGS)

fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q -p no:randomly --no-cov -s tests/indicators/test_fuzz.py $(ARGS)

mutants: install
	bash scripts/mutants.sh $(ARGS)
