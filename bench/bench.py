"""The benchmark: `make bench` (or `.venv/bin/python bench/bench.py`).

Builds two PostgreSQL databases of its own (dti_bench_real: the published data;
dti_bench_synthetic: the same plus `make_synthetic --units 700 --years 10`), starts
gunicorn (production settings, whitenoise, DEBUG off) on a free 127.0.0.1 port and
measures, in one run, side by side:

- requests/s and p50/p95 latency (wrk, a second process) of the ranking, a
  province and the compare page, with the page cache warm and off;
- the framework floor: a view returning the same bytes from memory in the same
  gunicorn set-up, through the app's middleware (bench.settings) and through
  Django's SecurityMiddleware and CommonMiddleware only (bench.bare_settings), and
  each page's ratio to both;
- a crawler walking the ranking's filter combinations with the page cache off
  (every request a cache miss), and the server time of such a miss in process;
- the same HTML as a static file from nginx, for reference;
- conditional requests (If-None-Match → 304);
- queries per page (cold and warm) at both sizes;
- the upload of a full year (validate, validate+apply), 63 and 700+63 units;
- gunicorn worker memory (RSS) after the load;
- the Excel export against bare openpyxl (bench/export_bench.py, when present);
- the re-weighting page, 63 and 34 units, and its pure computation on 700 synthetic
  units × 1,000 draws (bench/reweight_bench.py, when present).

Then one table with every figure and the goals. `--load` (make load) runs wrk for
2 minutes over the pages instead and checks 0 non-2xx and memory growth < 20 %.
The machine is shared: each wrk run is short (BENCH_SECONDS, default 5).
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
PG = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
LUA = str(ROOT / "bench" / "report.lua")
PAGES = {
    "ranking": "/xep-hang/2024/",
    "province": "/tinh/bac-giang/",
    "compare": "/so-sanh/?units=bac-giang,ha-giang,hai-duong&metric=dti",
}
# The data API's ranking (issue 18), measured beside the HTML ranking page.
API_RANKING = "/api/v1/rankings/2024"
LOAD_PATHS = [
    *PAGES.values(),
    "/xep-hang/2023/?pool=34",
    "/tinh/ha-noi/",
    "/muc-tieu/",
    "/xep-hang/2024/?view=map",
    "/",
]
# A crawler's walk over the ranking's filters: 3 years × 2 pools × 4 pillars × 4 sorts.
CRAWL_PATHS = [
    f"/xep-hang/{year}/?pool={pool}{f'&pillar={pillar}' if pillar else ''}&sort={sort}"
    for year in (2022, 2023, 2024)
    for pool in (63, 34)
    for pillar in ("", "CQS", "KTS", "XHS")
    for sort in ("rank", "name", "change", "DTI")
]
GOALS = {
    "bare": 0.5,  # warm ranking ≥ 0.5 × the bare Django floor (issue 15)
    "miss_ms": 15,  # a cache miss of the ranking renders in ≤ 15 ms of server time (issue 15)
    "warm": 0.8,  # warm ranking ≥ 0.8 × floor
    "off": 0.25,  # cache off ≥ 0.25 × floor
    "queries": 6,
    "upload_real_s": 1.0,
    "upload_synthetic_s": 5.0,
    "rss_mb": 150,
}


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run(cmd: list[str], env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, check=True, **kwargs)


# --- tools ----------------------------------------------------------------------------------


def ensure_tools() -> None:
    """wrk and nginx from Debian's packages (apt-get, as scripts/setup.sh does for chromium)."""
    missing = [
        pkg
        for pkg, binary in (("wrk", "wrk"), ("nginx", "nginx"))
        if not shutil.which(binary) and not Path(f"/usr/sbin/{binary}").exists()
    ]
    if not missing:
        return
    say(f"installing Debian's {' '.join(missing)}")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    run([*sudo, "apt-get", "update", "-qq"], env=env)
    run(
        [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        env=env,
        stdout=subprocess.DEVNULL,
    )


def nginx_binary() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- databases ------------------------------------------------------------------------------


def database_url(name: str) -> str:
    return f"{PG}/{name}"


def build_database(name: str, *, synthetic: bool, units: int, years: int) -> None:
    """Drop and create ``name``, migrate, load the published data (fixtures), and
    for the synthetic one add the synthetic units."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {
        "DATABASE_URL": database_url(name),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }
    run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], env=env)
    run([PY, "manage.py", "load_fixtures"], env=env, stdout=subprocess.DEVNULL)
    if synthetic:
        run(
            [
                PY,
                "manage.py",
                "make_synthetic",
                "--units",
                str(units),
                "--years",
                str(years),
            ],
            env=env,
        )


def database_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            is not None
        )


# --- servers --------------------------------------------------------------------------------


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    base: str = field(init=False)

    def __post_init__(self) -> None:
        self.base = f"http://127.0.0.1:{self.port}"

    def get(self, path: str, headers: dict | None = None) -> tuple[int, bytes, dict]:
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), dict(exc.headers)

    def worker_rss_mb(self) -> list[float]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = children.read_text().split() if children.exists() else []
        sizes = []
        for pid in pids:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]) / 1024)
            except FileNotFoundError:
                pass
        return sizes

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_gunicorn(
    db: str,
    *,
    cache: bool,
    synthetic: bool,
    floor_dir: Path,
    workers: int,
    listen: bool = True,
    settings: str = "bench.settings",
) -> Server:
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": database_url(db),
        "DTI_PAGE_CACHE": "true" if cache else "false",
        "DTI_VERSION_LISTEN": "true" if listen else "false",  # data version pushed by NOTIFY
        "DTI_INCLUDE_SYNTHETIC": "true" if synthetic else "false",
        "DJANGO_CONN_MAX_AGE": "600",  # persistent database connections, as in production
        "DTI_FLOOR_DIR": str(floor_dir),
        "DJANGO_DEBUG": "false",
    }
    env.pop("REDIS_URL", None) if os.environ.get("BENCH_REDIS") is None else env.update(
        REDIS_URL=os.environ["BENCH_REDIS"]
    )
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "dti.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=sys.stderr,
    )
    server = Server(process, port)
    for _ in range(200):
        try:
            server.get("/__floor__/none")
            return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError("gunicorn did not start")


def start_nginx(root: Path) -> tuple[subprocess.Popen, int, Path]:
    port = free_port()
    prefix = Path(tempfile.mkdtemp(prefix="dti-nginx-"))
    root.chmod(0o755)  # nginx workers run as an unprivileged user
    for page in root.iterdir():
        page.chmod(0o644)
    conf = prefix / "nginx.conf"
    conf.write_text(f"""
worker_processes 2;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy; fastcgi_temp_path {prefix}/fcgi;
    uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;
    types {{ text/html html; }}
    server {{
        listen 127.0.0.1:{port};
        root {root};
    }}
}}
""")
    process = subprocess.Popen(
        [nginx_binary(), "-c", str(conf), "-p", str(prefix)], stderr=subprocess.DEVNULL
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/ranking.html", timeout=2).read()
            return process, port, prefix
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("nginx did not start")


# --- wrk ------------------------------------------------------------------------------------


def wrk(
    url: str,
    seconds: int,
    *,
    connections: int = 8,
    header: str = "",
    paths: list[str] | None = None,
) -> dict:
    env = {**os.environ, "BENCH_HEADER": header, "BENCH_PATHS": " ".join(paths or [])}
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", LUA, url],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("{"))
    return json.loads(line)


# --- one data set ---------------------------------------------------------------------------


def measure_dataset(label: str, db: str, *, synthetic: bool, seconds: int, workers: int) -> dict:
    result: dict = {"label": label}
    env = {
        "DATABASE_URL": database_url(db),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DTI_INCLUDE_SYNTHETIC": "true" if synthetic else "false",
        "DTI_PAGE_CACHE": "false",
    }
    say(f"{label}: queries per page, upload, export")
    scale = "synthetic" if synthetic else "real"
    out = run([PY, "-m", "bench.measure", scale], env=env, stdout=subprocess.PIPE, text=True).stdout
    result["measure"] = json.loads(out.strip().splitlines()[-1])

    floor_dir = Path(tempfile.mkdtemp(prefix="dti-floor-"))
    # The pages' HTML, for the floor view and nginx: rendered once by a server with the cache off.
    server = start_gunicorn(db, cache=False, synthetic=synthetic, floor_dir=floor_dir, workers=1)
    try:
        for name, path in PAGES.items():
            status, body, _ = server.get(path)
            assert status == 200, (path, status)
            (floor_dir / f"{name}.html").write_bytes(body)
            result.setdefault("bytes", {})[name] = len(body)
    finally:
        server.stop()

    for cache in (True, False):
        mode = "warm" if cache else "off"
        server = start_gunicorn(
            db, cache=cache, synthetic=synthetic, floor_dir=floor_dir, workers=workers
        )
        try:
            for name, path in PAGES.items():
                for _ in range(3):  # fill the catalog and the page cache of every worker
                    server.get(path)
                say(f"{label}: {name}, cache {mode}")
                result.setdefault(mode, {})[name] = wrk(server.base + path, seconds)
                if cache:
                    say(f"{label}: {name}, floor")
                    result.setdefault("floor", {})[name] = wrk(
                        f"{server.base}/__floor__/{name}", seconds
                    )
            if not cache:
                say(
                    f"{label}: crawler over {len(CRAWL_PATHS)} ranking filter combinations, cache off"
                )
                for path in CRAWL_PATHS:  # every worker's table data (catalog) read once
                    server.get(path)
                    server.get(path)
                result["crawl"] = wrk(server.base + "/", seconds, paths=CRAWL_PATHS)
            for _ in range(3):
                server.get(API_RANKING)
            say(f"{label}: ranking API (JSON), cache {mode}")
            result[mode]["api_ranking"] = wrk(server.base + API_RANKING, seconds)
            if cache:
                status, _, headers = server.get(PAGES["ranking"])
                etag = headers.get("ETag", "")
                status304, body304, _ = server.get(PAGES["ranking"], {"If-None-Match": etag})
                say(f"{label}: ranking, If-None-Match (304)")
                result["not_modified"] = {
                    "status": status304,
                    "empty": body304 == b"",
                    **wrk(server.base + PAGES["ranking"], seconds, header=f"If-None-Match: {etag}"),
                }
            result.setdefault("rss", {})[mode] = server.worker_rss_mb()
        finally:
            server.stop()

    # The bare Django floor: the same bytes through SecurityMiddleware and CommonMiddleware only.
    server = start_gunicorn(
        db,
        cache=True,
        synthetic=synthetic,
        floor_dir=floor_dir,
        workers=workers,
        settings="bench.bare_settings",
    )
    try:
        for name in PAGES:
            say(f"{label}: {name}, bare Django floor")
            result.setdefault("bare", {})[name] = wrk(f"{server.base}/__floor__/{name}", seconds)
    finally:
        server.stop()

    # The same warm cache, reading the data version from the database at every request.
    server = start_gunicorn(
        db,
        cache=True,
        synthetic=synthetic,
        floor_dir=floor_dir,
        workers=workers,
        listen=False,
    )
    try:
        for _ in range(3):
            server.get(PAGES["ranking"])
        say(f"{label}: ranking, cache warm, version read per request")
        result["warm_read"] = wrk(server.base + PAGES["ranking"], seconds)
    finally:
        server.stop()

    process, port, prefix = start_nginx(floor_dir)
    try:
        say(f"{label}: nginx static ranking")
        result["nginx"] = wrk(f"http://127.0.0.1:{port}/ranking.html", seconds)
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(prefix, ignore_errors=True)
    shutil.rmtree(floor_dir, ignore_errors=True)
    return result


# --- the table ------------------------------------------------------------------------------


def _fmt_run(r: dict) -> str:
    return f"{r['rps']:>8.0f} r/s  p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms"


def _mark(ok: bool) -> str:
    return "OK " if ok else "NO "


def table(results: list[dict]) -> tuple[str, bool]:
    lines, all_ok = [], True
    head = f"{'figure':<42}" + "".join(f"{r['label']:>48}" for r in results) + "   goal"
    lines += [head, "-" * len(head)]

    def row(name: str, cells: list[str], goal: str = "", ok: bool | None = None) -> None:
        nonlocal all_ok
        if ok is not None:
            all_ok &= ok
        lines.append(
            f"{name:<42}"
            + "".join(f"{c:>48}" for c in cells)
            + (f"   {_mark(ok)}{goal}" if goal else "")
        )

    for page in PAGES:
        row(f"{page}: page cache warm", [_fmt_run(r["warm"][page]) for r in results])
        if page == "ranking":
            row(
                "ranking: warm, version read per request",
                [_fmt_run(r["warm_read"]) for r in results],
            )
        row(f"{page}: page cache off", [_fmt_run(r["off"][page]) for r in results])
        row(
            f"{page}: framework floor (same bytes)",
            [_fmt_run(r["floor"][page]) for r in results],
        )
        row(
            f"{page}: bare Django floor (Security+Common)",
            [_fmt_run(r["bare"][page]) for r in results],
        )
        bare = [r["warm"][page]["rps"] / r["bare"][page]["rps"] for r in results]
        row(
            f"{page}: warm / bare Django floor",
            [f"{x:.2f}×" for x in bare],
            f"≥ {GOALS['bare']}×" if page == "ranking" else "",
            all(x >= GOALS["bare"] for x in bare) if page == "ranking" else None,
        )
        if page == "ranking":
            misses = [r["measure"]["miss"] for r in results]
            row(
                "ranking: cache-miss render, in process",
                [
                    f"median {m['median_ms']:.1f} ms  p95 {m['p95_ms']:.1f} ms  ({m['pages']} pages)"
                    for m in misses
                ],
                f"≤ {GOALS['miss_ms']} ms (median)",
                all(m["median_ms"] <= GOALS["miss_ms"] for m in misses),
            )
            row(
                "ranking: first miss after a data change",
                [f"median {m['first_ms']:.1f} ms" for m in misses],
            )
            row(
                f"ranking: crawler, {len(CRAWL_PATHS)} filter combinations, cache off",
                [_fmt_run(r["crawl"]) for r in results],
            )
        warm = [r["warm"][page]["rps"] / r["floor"][page]["rps"] for r in results]
        off = [r["off"][page]["rps"] / r["floor"][page]["rps"] for r in results]
        row(
            f"{page}: warm / floor",
            [f"{x:.2f}×" for x in warm],
            f"≥ {GOALS['warm']}×" if page == "ranking" else "",
            all(x >= GOALS["warm"] for x in warm) if page == "ranking" else None,
        )
        row(
            f"{page}: off / floor",
            [f"{x:.2f}×" for x in off],
            f"≥ {GOALS['off']}×",
            all(x >= GOALS["off"] for x in off),
        )
        row(f"{page}: HTML size", [f"{r['bytes'][page] / 1024:.0f} KB" for r in results])
    for mode in ("warm", "off"):
        row(
            f"ranking API {API_RANKING}: cache {mode}",
            [_fmt_run(r[mode]["api_ranking"]) for r in results],
        )
        row(
            f"ranking API / HTML page, cache {mode}",
            [f"{r[mode]['api_ranking']['rps'] / r[mode]['ranking']['rps']:.2f}×" for r in results],
        )
    row(
        "ranking: nginx static file (reference)",
        [_fmt_run(r["nginx"]) for r in results],
    )
    row(
        "ranking: If-None-Match",
        [
            f"{r['not_modified']['status']} {'empty' if r['not_modified']['empty'] else 'BODY'}  "
            + _fmt_run(r["not_modified"])
            for r in results
        ],
        "304 without rendering",
        all(r["not_modified"]["status"] == 304 and r["not_modified"]["empty"] for r in results),
    )
    names = list(results[0]["measure"]["queries"])
    for name in names:
        cells = [
            f"cold {r['measure']['queries'][name]['cold']:>2} / warm {r['measure']['queries'][name]['warm']:>2}"
            for r in results
        ]
        ok = all(r["measure"]["queries"][name]["warm"] <= GOALS["queries"] for r in results)
        same = (
            len(
                {
                    (
                        r["measure"]["queries"][name]["cold"],
                        r["measure"]["queries"][name]["warm"],
                    )
                    for r in results
                }
            )
            == 1
        )
        row(
            f"queries: {name}",
            cells,
            f"≤ {GOALS['queries']} (warm), same at both sizes",
            ok and same,
        )
    uploads = [r["measure"]["upload"] for r in results]
    limits = [GOALS["upload_real_s"], GOALS["upload_synthetic_s"]]
    row(
        "upload full year: units × cells",
        [f"{u['units']} units, {u['cells']} cells, {u['kb']} KB" for u in uploads],
    )
    row("upload full year: validate", [f"{u['validate_s']:.2f} s" for u in uploads])
    row(
        "upload full year: validate+apply",
        [
            f"{u['validate_apply_s']:.2f} s"
            if u["validate_apply_s"]
            else f"rejected ({u['errors']} errors)"
            for u in uploads
        ],
        f"< {limits[0]:.0f} s / < {limits[1]:.0f} s",
        all(
            u["validate_apply_s"] is not None and u["validate_apply_s"] < limit
            for u, limit in zip(uploads, limits, strict=False)
        ),
    )
    for mode in ("warm", "off"):
        sizes = [r["rss"][mode] for r in results]
        row(
            f"gunicorn worker RSS after load ({mode})",
            [" ".join(f"{s:.0f}" for s in size) + " MB" for size in sizes],
            f"< {GOALS['rss_mb']} MB",
            all(s < GOALS["rss_mb"] for size in sizes for s in size),
        )
    exports = [r["measure"]["export"] for r in results]
    if all(isinstance(e, dict) for e in exports):
        row("export: cells", [str(e["cells"]) for e in exports])
        row(
            "export: xlsx (write-only) / normal",
            [f"{e['xlsx_s']:.2f} s / {e['xlsx_normal_s']:.2f} s" for e in exports],
        )
        row("export: bare openpyxl, same cells", [f"{e['bare_s']:.2f} s" for e in exports])
        row(
            "export: peak memory xlsx / bare",
            [f"{e['xlsx_peak_mb']} / {e['bare_peak_mb']} MB" for e in exports],
        )
        row(
            "export: xlsx / bare openpyxl",
            [f"{e['ratio']:.2f}×" for e in exports],
            "≤ 2×",
            all(e["ratio"] is not None and e["ratio"] <= 2 for e in exports),
        )
    else:
        row(
            "export: full data vs bare openpyxl",
            [e if isinstance(e, str) else json.dumps(e) for e in exports],
            "≤ 2×",
        )
    return "\n".join(lines), all_ok


# --- load mode ------------------------------------------------------------------------------


def load(db: str, seconds: int, workers: int, connections: int) -> bool:
    floor_dir = Path(tempfile.mkdtemp(prefix="dti-floor-"))
    server = start_gunicorn(db, cache=True, synthetic=False, floor_dir=floor_dir, workers=workers)
    try:
        for path in LOAD_PATHS:
            for _ in range(3):
                status, _, _ = server.get(path)
                assert status == 200, (path, status)
        say(f"warm-up 10 s over {len(LOAD_PATHS)} pages")
        wrk(server.base + "/", 10, connections=connections, paths=LOAD_PATHS)
        before = server.worker_rss_mb()
        say(f"load {seconds} s, {connections} connections")
        result = wrk(server.base + "/", seconds, connections=connections, paths=LOAD_PATHS)
        after = server.worker_rss_mb()
    finally:
        server.stop()
        shutil.rmtree(floor_dir, ignore_errors=True)
    growth = max((a - b) / b for a, b in zip(after, before, strict=False)) if before else 0
    bad = (
        result["non2xx3xx"]
        + result["errors_connect"]
        + result["errors_read"]
        + result["errors_timeout"]
    )
    print(
        f"load: {result['requests']} requests in {result['seconds']:.0f} s ({result['rps']:.0f} r/s, "
        f"p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms)"
    )
    print(
        f"load: non-2xx {result['non2xx3xx']}, socket errors {bad - result['non2xx3xx']} "
        f"(goal 0) {_mark(bad == 0)}"
    )
    print(
        f"load: worker RSS before {' '.join(f'{b:.0f}' for b in before)} MB, after {' '.join(f'{a:.0f}' for a in after)} MB, "
        f"growth {growth:+.1%} (goal < 20 %) {_mark(growth < 0.2)}"
    )
    return bad == 0 and growth < 0.2


# --- main -----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seconds",
        type=int,
        default=int(os.environ.get("BENCH_SECONDS", 5)),
        help="each wrk run",
    )
    parser.add_argument("--units", type=int, default=700)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--reuse-db", action="store_true", help="keep the bench databases if they exist"
    )
    parser.add_argument("--real-only", action="store_true", help="skip the synthetic data set")
    parser.add_argument(
        "--load", action="store_true", help="2-minute load run instead of the table"
    )
    parser.add_argument("--load-seconds", type=int, default=120)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    ensure_tools()
    os.environ.setdefault(
        "DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdef"
    )
    say("collectstatic")
    run(
        [PY, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        env={"DJANGO_SETTINGS_MODULE": "bench.settings"},
    )
    sets = [("real (63+23 units)", "dti_bench_real", False)]
    if not args.real_only and not args.load:
        sets.append(
            (
                f"synthetic (+{args.units} units, {args.years} y)",
                "dti_bench_synthetic",
                True,
            )
        )
    for _label, db, synthetic in sets:
        if args.reuse_db and database_exists(db):
            continue
        say(f"building {db}")
        started = time.perf_counter()
        build_database(db, synthetic=synthetic, units=args.units, years=args.years)
        say(f"built {db} in {time.perf_counter() - started:.0f} s")
    if args.load:
        return 0 if load("dti_bench_real", args.load_seconds, args.workers, args.connections) else 1
    results = [
        measure_dataset(label, db, synthetic=synthetic, seconds=args.seconds, workers=args.workers)
        for label, db, synthetic in sets
    ]
    text, ok = table(results)
    print(text)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "last-run.json").write_text(
        json.dumps(results, indent=1, default=str)
    )
    print(f"\nall goals met: {'yes' if ok else 'no'}  (raw figures: bench/results/last-run.json)")
    if (ROOT / "bench" / "reweight_bench.py").exists():  # issue 20: page and pure computation
        subprocess.run([PY, str(ROOT / "bench" / "reweight_bench.py")], check=False, cwd=ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
