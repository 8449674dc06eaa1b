#!/usr/bin/env bash
# Mutation testing of the pure calculation modules (no ORM) with mutmut, then the score.
#
#   scripts/mutants.sh                   # fresh run: every mutant, about 6 minutes on 2 cores
#   scripts/mutants.sh --keep            # reuse mutants/ from the last run (only new mutants run)
#   scripts/mutants.sh 'indicators.rules.ranking*'   # only the mutants whose names match
#
# What is mutated, and by which tests, is [tool.mutmut] in pyproject.toml: ranking, merger,
# weights, whatif, drivers and the target statuses, against their database-free tests
# (-m "not django_db"). mutmut copies the project into mutants/ (git-ignored) and runs there.
# One worker under nice 19, so a test run beside it keeps the machine. Not in CI (.ci/run).
#
# The table counts a mutant as killed when a test failed or it timed out (mutmut's own
# reckoning); survivors and mutants no test reaches lower the score. MUTANTS_MIN (default
# 90) is the goal in percent: below it the script exits 1. List the survivors with
# `.venv/bin/mutmut results`, see one with `.venv/bin/mutmut show NAME`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

keep=0
names=()
for arg in "$@"; do
    case "$arg" in
        --keep) keep=1 ;;
        -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
        -*) echo "mutants.sh: unknown option '$arg'" >&2; exit 2 ;;
        *) names+=("$arg") ;;
    esac
done

if [ "$keep" = 0 ]; then
    rm -rf mutants
fi

start=$SECONDS
# mutmut redraws one progress line; keep its log and show only the end of it.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
echo "mutants: running mutmut (1 worker, nice 19); log in $log while it runs"
if ! nice -n 19 .venv/bin/mutmut run --max-children 1 "${names[@]}" > "$log" 2>&1; then
    tr '\r' '\n' < "$log" | tail -n 40 >&2
    echo "mutants: mutmut run failed" >&2
    exit 1
fi
elapsed=$((SECONDS - start))
tr '\r' '\n' < "$log" | grep -E 'mutations/second|done in' || true

MUTANTS_MIN="${MUTANTS_MIN:-90}" MUTANTS_SECONDS="$elapsed" .venv/bin/python - << 'EOF'
import json
import os
import sys
import tomllib
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

modules = tomllib.loads(Path("pyproject.toml").read_text())["tool"]["mutmut"]["only_mutate"]
caught = {"killed", "timeout", "caught by type check"}
rows = []
for module in modules:
    meta = Path("mutants") / f"{module}.meta"
    codes = json.loads(meta.read_text())["exit_code_by_key"].values() if meta.exists() else []
    counts = Counter(status_by_exit_code[code] for code in codes)
    total = sum(counts.values())
    killed = sum(counts[s] for s in caught)
    rows.append((module, total, killed, counts["survived"], total - killed - counts["survived"]))

header = ("module", "mutants", "killed", "survived", "other", "score")
width = max(len(r[0]) for r in rows + [("total",)])
line = f"{{:<{width}}}  {{:>7}}  {{:>6}}  {{:>8}}  {{:>5}}  {{:>7}}"
print()
print(line.format(*header))


def score(killed, total):
    return f"{100 * killed / total:.1f} %" if total else "-"


for module, total, killed, survived, other in rows:
    print(line.format(module, total, killed, survived, other, score(killed, total)))
sums = [sum(r[i] for r in rows) for i in range(1, 5)]
print(line.format("total", *sums, score(sums[1], sums[0])))
print("(other: no test reaches the mutant, suspicious, not checked)")
minutes, seconds = divmod(int(os.environ["MUTANTS_SECONDS"]), 60)
print(f"one run: {minutes} min {seconds} s")
goal = float(os.environ["MUTANTS_MIN"])
if sums[0] and 100 * sums[1] / sums[0] < goal:
    print(f"mutants: score below the goal of {goal:g} %", file=sys.stderr)
    sys.exit(1)
EOF
