#!/usr/bin/env bash
# Scan a local `make serve` with wapiti: `make scan` (a few minutes; not part of CI).
#
#   make scan                                # report in test-artifacts/wapiti/
#   SCAN_SECONDS=60 ATTACK_SECONDS=20 make scan   # a shorter one
#
# Starts make serve on a free loopback port with a scratch SQLite database, its
# own static files and the production security settings (.env.example: https
# redirect, secure cookies, HSTS, behind a TLS proxy), and points wapiti at it as
# that proxy would: every request says X-Forwarded-Proto: https. Bounded: one
# host, depth 2, 5 pages per folder, 10 links per page, SCAN_SECONDS of crawling
# (default 60), ATTACK_SECONDS per attack module (default 30; wapiti overruns it by
# the time of the request in flight), and a hard stop at DEADLINE. (Debian's
# wapiti 3.0.4 cannot exclude URLs on Python 3.11: its -x patterns do not compile.)
# Only modules that stay on the target run: nothing that needs an outside endpoint
# (ssrf, xxe), downloads a database (nikto, wapp) or brute-forces (buster,
# brute_login_form); no bug reports are sent. Exits 1 if wapiti reports anything,
# listing it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CRAWL_SECONDS="${SCAN_SECONDS:-60}"
ATTACK_SECONDS="${ATTACK_SECONDS:-30}"
MODULES="backup,blindsql,cookieflags,crlf,csp,csrf,exec,file,htaccess,http_headers,methods,permanentxss,redirect,shellshock,sql,xss"
# A hard stop on top of wapiti's own limits (then there is no report): crawl + twice
# every module's limit + 5 minutes, 21 minutes with the defaults.
DEADLINE="${DEADLINE:-$((CRAWL_SECONDS + 2 * 16 * ATTACK_SECONDS + 300))}"

if ! command -v wapiti > /dev/null 2>&1; then
    echo "scan: installing Debian's wapiti"
    as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends wapiti > /dev/null
fi

work="$(mktemp -d /tmp/dti-scan.XXXXXX)"
report_dir="$ROOT/test-artifacts/wapiti"
mkdir -p "$report_dir"
rm -f "$report_dir/report.json"
port="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"

server=""
cleanup() {
    if [ -n "$server" ] && kill -0 "$server" 2> /dev/null; then
        kill -TERM -- "-$server" 2> /dev/null || kill -TERM "$server"
        wait "$server" 2> /dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "scan: make serve on $base (log: $work/serve.log)"
env -u DATABASE_URL -u REDIS_URL \
    DJANGO_READ_DOT_ENV_FILE=false \
    DJANGO_SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    DJANGO_ALLOWED_HOSTS=127.0.0.1 \
    DATABASE_URL="sqlite:///$work/scan.sqlite3" \
    DJANGO_STATIC_ROOT="$work/static" \
    DJANGO_SECURE_SSL_REDIRECT=true DJANGO_SECURE_COOKIES=true DJANGO_SECURE_HSTS_SECONDS=31536000 \
    DJANGO_SECURE_PROXY_SSL_HEADER=true \
    HOST=127.0.0.1 PORT="$port" WEB_CONCURRENCY=2 \
    setsid bash scripts/serve.sh > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 600); do
    curl -fs -o /dev/null -H "X-Forwarded-Proto: https" "$base/healthz" && break
    kill -0 "$server" 2> /dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.5
done

echo "scan: wapiti on $base/, at most ${DEADLINE} s (modules: $MODULES)"
timeout "$DEADLINE" wapiti -u "$base/" --scope folder -m "$MODULES" \
    -H "X-Forwarded-Proto: https" \
    -d 2 --max-links-per-page 10 --max-files-per-dir 5 --max-parameters 8 \
    --max-scan-time "$CRAWL_SECONDS" --max-attack-time "$ATTACK_SECONDS" -t 20 \
    --endpoint "http://127.0.0.1:9/" --no-bugreport --flush-session \
    --store-session "$work/session" --store-config "$work/config" \
    -f json -o "$report_dir/report.json" -v 1 > "$report_dir/wapiti.log" 2>&1 \
    || { echo "scan: wapiti failed or ran past ${DEADLINE} s:" >&2; tail -30 "$report_dir/wapiti.log" >&2; exit 1; }

.venv/bin/python - "$report_dir/report.json" << 'PYTHON'
import json
import sys

report = json.load(open(sys.argv[1]))
found = [
    (kind, item.get("info", ""), item.get("path", ""))
    for section in ("vulnerabilities", "anomalies")
    for kind, items in report.get(section, {}).items()
    for item in items
]
info = report.get("infos", {})
print(f"scan: {info.get('target')}: {len(found)} finding(s); report {sys.argv[1]}")
for kind, text, path in found:
    print(f"  {kind}: {text} ({path})")
sys.exit(1 if found else 0)
PYTHON
