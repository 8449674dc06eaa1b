#!/usr/bin/env bash
# Reload the published CSVs (fixtures/sources/dti, `make data-sync` refreshes them
# from ../shared/data) and rewrite fixtures/*.json:
# `make data`.
#
# The fixtures are written from a scratch SQLite database that only this load has
# touched, so they depend on the CSVs alone (same input, same primary keys, no
# diff churn). Then the local database is replaced with them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
export DJANGO_DEBUG="${DJANGO_DEBUG:-true}"

# The loader adds aliases in set order; a fixed hash seed keeps that order (and so
# the aliases' primary keys) the same from run to run.
export PYTHONHASHSEED=0
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
DATABASE_URL="sqlite:///$scratch/fixtures.sqlite3" .venv/bin/python manage.py migrate --noinput --verbosity 0
DATABASE_URL="sqlite:///$scratch/fixtures.sqlite3" .venv/bin/python manage.py load_dti_data --write-fixtures "$@"

echo "data: replacing the local database's data with the new fixtures"
.venv/bin/python manage.py migrate --noinput --verbosity 0
.venv/bin/python manage.py load_fixtures --replace
