#!/usr/bin/env bash
# Run the production stack on this machine: `make serve`.
#
#   make serve                                  # gunicorn on 127.0.0.1:8000
#   HOST=0.0.0.0 PORT=9000 make serve
#   DJANGO_READ_DOT_ENV_FILE=true make serve    # settings from .env (see .env.example)
#   scripts/serve.sh --prepare                  # migrate, collectstatic, data; no install,
#                                               # no gunicorn (systemd's ExecStartPre)
#
# Settings come from the environment, as in production: DEBUG is forced off and a
# secret key is required. Installs what is missing (runtime packages only; not with
# --prepare, where the upgrade steps have run scripts/setup.sh --runtime), migrates, collects the static files (hashed and compressed, served by WhiteNoise
# or nginx), loads the published data once if the database has none, then
# replaces itself with gunicorn (deploy/gunicorn.conf.py: workers from the CPU
# count, timeouts, access log on stdout).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

prepare_only=0
for arg in "$@"; do
    case "$arg" in
        --prepare) prepare_only=1 ;;
        -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "serve: unknown option '$arg'" >&2; exit 2 ;;
    esac
done

[ "$prepare_only" = 1 ] || bash scripts/setup.sh --runtime
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-dti.settings.base}"
# Production never shows debug pages, whatever the environment or .env says
# (settings read .env without overriding the real environment).
export DJANGO_DEBUG=false

case "${DJANGO_READ_DOT_ENV_FILE:-false}" in
    true | True | TRUE | on | yes | 1) [ -f .env ] || echo "serve: DJANGO_READ_DOT_ENV_FILE is set but there is no .env here" >&2 ;;
    *) [ -f .env ] && echo "serve: .env is not read (set DJANGO_READ_DOT_ENV_FILE=true to read it)" >&2 ;;
esac

# The settings refuse to load without a secret key; say how to make one.
if ! problem="$(.venv/bin/python -c 'from django.conf import settings; settings.SECRET_KEY' 2>&1)"; then
    if [[ "$problem" == *DJANGO_SECRET_KEY* ]]; then
        cat >&2 << 'MESSAGE'
serve: DJANGO_SECRET_KEY is not set, and a production server never runs without one.
Make one (a long random string, kept secret and the same on every app server):

    python3 -c "import secrets; print(secrets.token_urlsafe(64))"

then export DJANGO_SECRET_KEY=<that string>, or put DJANGO_SECRET_KEY=<that string>
in .env and run DJANGO_READ_DOT_ENV_FILE=true make serve (see .env.example).
MESSAGE
    else
        echo "serve: the settings do not load:" >&2
        echo "$problem" >&2
    fi
    exit 1
fi

# migrate runs the system checks; the next two skip them (seconds each: the checks
# import every URL's views).
.venv/bin/python manage.py migrate --noinput --verbosity 0
.venv/bin/python manage.py collectstatic --noinput --verbosity 0 --skip-checks
data_load --skip-checks

[ "$prepare_only" = 1 ] && exit 0
echo "serve: starting gunicorn (deploy/gunicorn.conf.py); it logs the address it listens at"
exec .venv/bin/gunicorn --config deploy/gunicorn.conf.py
