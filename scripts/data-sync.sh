#!/usr/bin/env bash
# Refresh the repository's copy of the published source files from ../shared/data:
# `make data-sync`.
#
# fixtures/sources/ is what the loader, the tests and `make data` read, so a clone
# with nothing beside it installs, loads and tests. When ../shared/data changes
# (a new year, a correction), this copies it in and lists what changed; commit the
# result, then `make data` rewrites fixtures/*.json from it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SHARED="${DTI_SHARED_DATA:-$ROOT/../shared/data}"
TARGET="$ROOT/fixtures/sources"

if [ ! -d "$SHARED" ]; then
    echo "data-sync: $SHARED is not here; fixtures/sources/ stays as committed" >&2
    exit 0
fi
mkdir -p "$TARGET"
for folder in dti geo papi pci; do
    [ -d "$SHARED/$folder" ] || { echo "data-sync: $SHARED/$folder missing, skipped" >&2; continue; }
    rm -rf "$TARGET/$folder.new"
    cp -r "$SHARED/$folder" "$TARGET/$folder.new"
    chmod -R u+w "$TARGET/$folder.new"
    rm -rf "$TARGET/$folder"
    mv "$TARGET/$folder.new" "$TARGET/$folder"
done
if git rev-parse --git-dir > /dev/null 2>&1; then
    changes="$(git status --porcelain -- fixtures/sources)"
    if [ -z "$changes" ]; then
        echo "data-sync: fixtures/sources/ already matches $SHARED"
    else
        echo "data-sync: changed files (commit them, then run make data):"
        echo "$changes"
    fi
fi
