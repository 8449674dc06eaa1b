#!/usr/bin/env bash
# Run the DTI scorecard locally: `make run`, then open http://127.0.0.1:8000
#
# Installs what is missing, migrates the database (SQLite file db.sqlite3 unless
# DATABASE_URL says otherwise), loads the published data once, and starts Django's
# development server. DJANGO_DEBUG defaults to true here so that the development
# server serves the static files itself; HOST and PORT change the address.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

bash scripts/setup.sh
export DJANGO_DEBUG="${DJANGO_DEBUG:-true}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-dti.settings.base}"

.venv/bin/python manage.py migrate --noinput
data_load
# With DEBUG on, runserver serves static files from the app folders; only a run
# with DEBUG off needs the collected, hashed files (served by WhiteNoise).
case "${DJANGO_DEBUG,,}" in
    true | on | ok | y | yes | 1) ;;
    *) .venv/bin/python manage.py collectstatic --noinput --verbosity 0 ;;
esac

addr="${HOST:-127.0.0.1}:${PORT:-8000}"
echo "run: http://$addr/"
exec .venv/bin/python manage.py runserver "$addr"
