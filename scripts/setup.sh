#!/usr/bin/env bash
# Install everything the DTI scorecard needs into .venv, idempotently.
#
#   scripts/setup.sh              # dev + test dependencies (requirements-dev.txt)
#   scripts/setup.sh --runtime    # only what the app needs to run (requirements.txt)
#   scripts/setup.sh --browser    # also Debian's Chromium for the e2e tests
#   scripts/setup.sh --nginx      # also Debian's nginx for the deploy tests (tests/deploy)
#   scripts/setup.sh --force      # reinstall the dependencies even if nothing changed
#
# Works on a fresh Debian 12 machine as root: Python comes from pyenv (the committed
# .python-version selects it), uv from pip, packages from the pinned requirements
# files, Chromium and nginx from apt. When everything is already there it only compares one
# checksum and returns in well under a second.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

requirements=requirements-dev.txt
browser="${DTI_BROWSER:-0}"
nginx=0
force=0
for arg in "$@"; do
    case "$arg" in
        --runtime) requirements=requirements.txt ;;
        --browser) browser=1 ;;
        --nginx) nginx=1 ;;
        --force) force=1 ;;
        -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "setup.sh: unknown option '$arg'" >&2; exit 2 ;;
    esac
done

say() { echo "setup: $*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Python ----------------------------------------------------------------------
# The exact version in .python-version; never a downloaded one (the machines reach
# only the package registries).
want="$(tr -d '[:space:]' < .python-version)"
python=""
if command -v pyenv > /dev/null 2>&1 && prefix="$(pyenv prefix "$want" 2> /dev/null)"; then
    python="$prefix/bin/python"
elif command -v "python${want%.*}" > /dev/null 2>&1; then
    python="$(command -v "python${want%.*}")"
fi
if [ -z "$python" ] || [ "$("$python" -c 'import platform; print(platform.python_version())' 2> /dev/null)" != "$want" ]; then
    echo "setup: Python $want not found. Install it with pyenv ('pyenv install $want')" >&2
    echo "       or put python${want%.*} ($want) on PATH." >&2
    exit 1
fi

# --- .venv -----------------------------------------------------------------------
venv_ok=0
if [ -x .venv/bin/python ] \
    && [ "$(.venv/bin/python -c 'import platform; print(platform.python_version())' 2> /dev/null)" = "$want" ]; then
    venv_ok=1
fi

# The stamp records what was installed last: skip uv entirely when it still holds.
stamp=".venv/.setup-$requirements.sha256"
checksum="$( (echo "$want"; cat "$requirements") | sha256sum | cut -d' ' -f1)"
if [ "$venv_ok" = 1 ] && [ "$force" = 0 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$checksum" ]; then
    say ".venv is up to date ($requirements, Python $want)"
else
    export UV_PYTHON_DOWNLOADS=never
    # The uv cache and .venv may sit on different filesystems; copying is silent.
    export UV_LINK_MODE="${UV_LINK_MODE:-copy}"
    if ! "$python" -m uv --version > /dev/null 2>&1; then
        say "installing uv"
        "$python" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'uv>=0.5'
    fi
    if [ "$venv_ok" = 0 ]; then
        say "creating .venv with Python $want"
        "$python" -m uv venv --quiet --clear --python "$python" .venv
    fi
    say "installing $requirements"
    "$python" -m uv pip install --quiet --python .venv/bin/python -r "$requirements"
    echo "$checksum" > "$stamp"
fi

# --- Chromium (browser tests only) -------------------------------------------------
# Debian's build, driven by Playwright through executable_path: Playwright's own
# browser download cannot reach its host from these machines.
if [ "$browser" = 1 ]; then
    if [ -x /usr/bin/chromium ]; then
        say "chromium is installed"
    else
        say "installing Debian's chromium (about a minute)"
        export DEBIAN_FRONTEND=noninteractive
        as_root apt-get update -qq
        as_root apt-get install -y -qq chromium > /dev/null
        say "$(/usr/bin/chromium --version 2> /dev/null | tail -1)"
    fi
fi

# --- nginx (deploy tests only) ------------------------------------------------------
# The tests start their own nginx on a loopback port with a config in a temporary
# folder; the package's own server (port 80) is neither needed nor started here.
if [ "$nginx" = 1 ]; then
    if [ -x /usr/sbin/nginx ]; then
        say "nginx is installed"
    else
        say "installing Debian's nginx"
        export DEBIAN_FRONTEND=noninteractive
        as_root apt-get update -qq
        as_root apt-get install -y -qq --no-install-recommends nginx > /dev/null
        say "$(/usr/sbin/nginx -v 2>&1)"
    fi
fi
