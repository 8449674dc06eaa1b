#!/usr/bin/env bash
# Run the whole test suite on SQLite and on PostgreSQL: `make test` (and CI).
#
#   scripts/test.sh                 # both databases
#   scripts/test.sh -k ranking      # extra arguments go to pytest, on both runs
#   TEST_DATABASES=sqlite scripts/test.sh      # one database only (sqlite|postgres)
#   PYTEST_SEED=1234 scripts/test.sh           # replay a test order
#   TEST_COVERAGE=1 scripts/test.sh            # with line coverage and its floor (make coverage)
#
# Installs what is missing (Chromium for the e2e tests, nginx for tests/deploy),
# starts the local PostgreSQL and Redis if they are down, then runs pytest once per database with the same
# pytest-randomly seed, side by side on a machine with two or more cores
# (TEST_PARALLEL=0: one after the other). Exits non-zero if either fails. Coverage only
# with TEST_COVERAGE=1: on a slow two-core machine it made the SQLite run about 1.4x
# longer and the whole of CI close to its 15 minutes (07/12/2026: 835 s of tests).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PG_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/dti_ci}"
DATABASES_TO_TEST="${TEST_DATABASES:-sqlite postgres}"
# A low floor for now; raise it as the suite grows.
COV_FLOOR="${COV_FLOOR:-60}"
ARTIFACTS="$ROOT/test-artifacts"
mkdir -p "$ARTIFACTS"

started=$(date +%s)
bash scripts/setup.sh --browser --nginx || { echo "test: setup failed" >&2; exit 1; }

# --- PostgreSQL on 127.0.0.1:5432 -------------------------------------------------
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

postgres_ready() {
    if ! command -v pg_isready > /dev/null 2>&1 || [ ! -d /etc/postgresql ]; then
        echo "test: installing PostgreSQL from Debian's packages"
        DEBIAN_FRONTEND=noninteractive as_root apt-get update -qq \
            && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql > /dev/null \
            || return 1
    fi
    if ! pg_isready -q -h 127.0.0.1 -p 5432; then
        local version
        version="$(ls /etc/postgresql | head -1)"
        echo "test: starting PostgreSQL $version/main"
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || return 1
        for _ in $(seq 30); do
            pg_isready -q -h 127.0.0.1 -p 5432 && break
            sleep 1
        done
        pg_isready -q -h 127.0.0.1 -p 5432 || return 1
    fi
    # The machines trust local TCP logins. A stock Debian install asks for a
    # password instead: give the postgres role one, for this test database only.
    if ! psql "${PG_URL%/*}/postgres" -Atqc 'select 1' > /dev/null 2>&1; then
        echo "test: password login for the postgres role (stock pg_hba.conf)"
        (cd / && as_root su postgres -c "psql -qc \"ALTER ROLE postgres PASSWORD 'postgres'\"") || return 1
        PG_URL="$(echo "$PG_URL" | sed 's#://postgres@#://postgres:postgres@#')"
    fi
    local name="${PG_URL##*/}"
    if [ "$(psql "${PG_URL%/*}/postgres" -Atqc "select 1 from pg_database where datname = '$name'")" != 1 ]; then
        psql "${PG_URL%/*}/postgres" -qc "create database $name" || return 1
    fi
}

# --- Redis on 127.0.0.1:6379 (page cache and deploy tests, each on a db number of its own)
redis_ready() {
    if ! command -v redis-server > /dev/null 2>&1; then
        echo "test: installing Redis from Debian's packages"
        DEBIAN_FRONTEND=noninteractive as_root apt-get update -qq \
            && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq redis-server > /dev/null \
            || return 1
    fi
    redis-cli -h 127.0.0.1 -p 6379 ping > /dev/null 2>&1 && return 0
    echo "test: starting Redis on 127.0.0.1:6379"
    as_root mkdir -p /var/lib/redis /var/log/redis
    as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
        --dir /var/lib/redis --logfile /var/log/redis/ci.log || return 1
    for _ in $(seq 20); do
        redis-cli -h 127.0.0.1 -p 6379 ping > /dev/null 2>&1 && return 0
        sleep 0.5
    done
    return 1
}
redis_ready || echo "test: Redis is not available on 127.0.0.1:6379; the tests that need it skip" >&2

# --- pytest ------------------------------------------------------------------------
seed_args=()
case " $* " in
    *no:randomly*) ;;
    *randomly-seed*) ;;
    *)
        SEED="${PYTEST_SEED:-$(( (RANDOM << 15 | RANDOM) ))}"
        seed_args=("--randomly-seed=$SEED")
        echo "test: pytest-randomly seed $SEED (replay with PYTEST_SEED=$SEED make test)"
        ;;
esac
cov_args=(--cov --cov-report=term:skip-covered)
# The ten slowest steps, to keep the suite well inside CI's time.
seed_args+=(--durations=10 --durations-min=1.0)  # (with the seed: every run gets both)
# Coverage is measured in one run: the SQLite one when both run (it holds every test
# but the deploy ones), so the PostgreSQL run beside it pays no tracing.
cov_in="${DATABASES_TO_TEST%% *}"
[[ " $DATABASES_TO_TEST " == *" sqlite "* ]] && cov_in=sqlite
[ "${TEST_COVERAGE:-0}" = 1 ] || cov_in=none
# The floor is for the whole suite only: a subset (`make test ARGS="-k xep_hang"`)
# covers less by design and still prints its coverage.
if [ "$cov_in" = none ]; then
    :
elif [ "$COV_FLOOR" != 0 ] && [ $# -eq 0 ]; then
    cov_args+=("--cov-fail-under=$COV_FLOOR")
elif [ $# -gt 0 ]; then
    echo "test: a subset run (pytest arguments given): coverage is printed, the ${COV_FLOOR} % floor is not applied"
fi

declare -A result line seconds
# run_suite NAME [env(1) arguments…]: one pytest run into test-artifacts/pytest-NAME.log,
# its exit code and duration into files beside it (so it can run in the background).
# Pytest arguments come from PYTEST_ARGS (plus RUN_ARGS, for this run only). With QUIET=1
# the output goes to the log only.
run_suite() {
    local name="$1"; shift
    local log="$ARTIFACTS/pytest-$name.log" t0 rc
    t0=$(date +%s)
    local cov=("${cov_args[@]}")
    [ "$name" = "$cov_in" ] || cov=(-p no:cov)
    if [ "${QUIET:-0}" = 1 ]; then
        env "$@" COVERAGE_FILE="$ARTIFACTS/.coverage.$name" \
            .venv/bin/python -m pytest "${seed_args[@]}" "${cov[@]}" "${PYTEST_ARGS[@]}" "${RUN_ARGS[@]}" > "$log" 2>&1
        rc=$?
    else
        env "$@" COVERAGE_FILE="$ARTIFACTS/.coverage.$name" \
            .venv/bin/python -m pytest "${seed_args[@]}" "${cov[@]}" "${PYTEST_ARGS[@]}" "${RUN_ARGS[@]}" 2>&1 | tee "$log"
        rc=${PIPESTATUS[0]}
    fi
    echo "$rc" > "$ARTIFACTS/.rc.$name"
    echo $(( $(date +%s) - t0 )) > "$ARTIFACTS/.seconds.$name"
}
collect() {  # collect NAME: read back what run_suite left
    local name="$1" log="$ARTIFACTS/pytest-$1.log"
    result[$name]="$(cat "$ARTIFACTS/.rc.$name" 2> /dev/null || echo 1)"
    seconds[$name]="$(cat "$ARTIFACTS/.seconds.$name" 2> /dev/null || echo 0)"
    # pytest's closing line, with or without its ==== frame (-q drops it).
    line[$name]="$(grep -E '^(=+ )?([0-9]+ (passed|failed|errors?|skipped|deselected|xfailed|xpassed|warnings?)|no tests ran)[^=]* in [0-9.]+s' "$log" 2> /dev/null \
        | tail -1 | sed -E 's/^=+ //; s/ =+$//')"
    [ -n "${line[$name]}" ] || line[$name]="$(tail -1 "$log" 2> /dev/null)"
}

PYTEST_ARGS=("$@")
RUN_ARGS=()
# The deploy tests (tests/deploy: app servers, nginx, a PostgreSQL database of their
# own) do not use the suite's database, so when both runs happen they go in the
# PostgreSQL run only, not twice side by side; a run of SQLite alone keeps them.
# Likewise the browser tests (tests/e2e, marker e2e: Chromium against a live server)
# check the pages, not the database: they go in the SQLite run only, so the two runs
# side by side do not each drive a browser on the same two cores.
sqlite_args=()
postgres_args=()
if [[ " $DATABASES_TO_TEST " == *" postgres "* && " $DATABASES_TO_TEST " == *" sqlite "* ]] \
    && [[ " $* " != *" -m "* ]]; then
    sqlite_args=(-m "not deploy")
    postgres_args=(-m "not e2e")
elif [[ " $DATABASES_TO_TEST " == *" postgres "* ]] && [[ " $* " != *" -m "* ]]; then
    sqlite_args=(-m "not deploy")
fi
rm -f "$ARTIFACTS"/.rc.* "$ARTIFACTS"/.seconds.*
# The suite runs in one process per database; on a machine with two or more cores
# the PostgreSQL run goes in the background beside the SQLite one (TEST_PARALLEL=0
# runs them one after the other). Its log is printed when it ends.
parallel=0
cores="$(nproc 2> /dev/null || echo 1)"
if [[ " $DATABASES_TO_TEST " == *" sqlite "* && " $DATABASES_TO_TEST " == *" postgres "* ]] \
    && [ "${TEST_PARALLEL:-1}" = 1 ] && [ "$cores" -ge 2 ]; then
    parallel=1
fi
background=""
order="$DATABASES_TO_TEST"
[ "$parallel" = 1 ] && order="postgres sqlite"  # the background run starts first
for db in $order; do
    case "$db" in
        sqlite)
            [ "$parallel" = 1 ] || { echo; echo "================================ sqlite ================================"; }
            [ "$parallel" = 1 ] && echo "test: SQLite run in the foreground"
            RUN_ARGS=("${sqlite_args[@]}")
            run_suite sqlite -u DATABASE_URL
            RUN_ARGS=()
            ;;
        postgres)
            if ! postgres_ready; then
                echo "test: PostgreSQL is not available on 127.0.0.1:5432" >&2
                echo 1 > "$ARTIFACTS/.rc.postgres"
                : > "$ARTIFACTS/pytest-postgres.log"
                echo "PostgreSQL could not be started" >> "$ARTIFACTS/pytest-postgres.log"
                continue
            fi
            # One run at a time per database name: concurrent runs would drop each
            # other's test_<name> database.
            exec 9> "/tmp/${PG_URL##*/}-pytest.lock"
            if ! flock -n 9; then
                echo "test: another scripts/test.sh run uses ${PG_URL##*/} on PostgreSQL; waiting for it"
                flock -w 1800 9 || echo "test: waited 30 min for it; going on" >&2
            fi
            RUN_ARGS=("${postgres_args[@]}")
            if [ "$parallel" = 1 ]; then
                echo "test: PostgreSQL run in the background (log: test-artifacts/pytest-postgres.log)"
                QUIET=1 run_suite postgres DATABASE_URL="$PG_URL" &
                background=$!
            else
                echo; echo "================================ postgres ================================"
                run_suite postgres DATABASE_URL="$PG_URL"
            fi
            RUN_ARGS=()
            exec 9>&-
            ;;
        *) echo "test: unknown database '$db' in TEST_DATABASES" >&2; exit 2 ;;
    esac
done
if [ -n "$background" ]; then
    wait "$background"
    echo
    echo "================================ postgres ================================"
    cat "$ARTIFACTS/pytest-postgres.log"
fi
for db in $DATABASES_TO_TEST; do collect "$db"; done

# --- summary -----------------------------------------------------------------------
echo
echo "================================ summary ================================"
status=0 passed=0 failed=0 skipped=0
for db in $DATABASES_TO_TEST; do
    rc=${result[$db]:-1}
    case "$rc" in
        0) verdict="ok" ;;
        5) verdict="FAILED (no tests ran)"; status=1 ;;
        *) verdict="FAILED (exit $rc)"; status=1 ;;
    esac
    printf '%-10s %-22s %4ss  %s\n' "$db" "$verdict" "${seconds[$db]:-0}" "${line[$db]:-}"
    l="${line[$db]:-}"
    passed=$((passed + $(echo "$l" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)))
    failed=$((failed + $(echo "$l" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || echo 0)))
    failed=$((failed + $(echo "$l" | grep -oE '[0-9]+ errors?' | grep -oE '[0-9]+' || echo 0)))
    skipped=$((skipped + $(echo "$l" | grep -oE '[0-9]+ skipped' | grep -oE '[0-9]+' || echo 0)))
done
[ -n "${SEED:-}" ] && echo "seed: $SEED   logs: test-artifacts/pytest-*.log   total time: $(( $(date +%s) - started ))s"
echo "total: $passed passed, $failed failed, $skipped skipped"
exit $status
