#!/usr/bin/env bash
# Rebuild the local database from scratch: `make reset-db`.
#
# SQLite (no DATABASE_URL): delete db.sqlite3. Otherwise: flush every table. Then
# migrate and load the committed fixtures, so every developer gets the same state.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

bash scripts/setup.sh
export DJANGO_DEBUG="${DJANGO_DEBUG:-true}"

if [ -z "${DATABASE_URL:-}" ]; then
    rm -f db.sqlite3 db.sqlite3-journal
    echo "reset-db: removed db.sqlite3"
else
    .venv/bin/python manage.py migrate --noinput
    .venv/bin/python manage.py flush --noinput
    echo "reset-db: flushed the database of DATABASE_URL"
fi
.venv/bin/python manage.py migrate --noinput
data_load
