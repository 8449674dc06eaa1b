"""Lighthouse on the pages of issue 17: `make lighthouse` (not a test, not in CI).

Serves the app as production does (`scripts/serve.sh`: gunicorn, DEBUG off, hashed and
compressed static files) from a scratch SQLite database with the published data, on a
free 127.0.0.1 port; warms each page (the front cache answers warm pages, as it does
for every visitor after the first); runs Lighthouse with its mobile defaults (a
Moto G Power at 412 px, 4× CPU slowdown, simulated slow 4G) RUNS times per page in
Debian's Chromium, and prints per page the median of each category, the runs'
performance scores and the median metrics, against the issue's goal (≥ 0.95 in
all four categories).

Lighthouse's score depends on the machine as much as on the page: it slows the CPU by
a fixed factor, so a slow host scores lower. Its `benchmarkIndex` (printed) says how
fast this host is; Lighthouse's throttling notes calibrate the 4× default for
machines around 1,000–2,000. `--cpu-slowdown 8` asks what a host half as fast would
see.

Lighthouse comes from the npm registry, installed once into a cache folder outside
the repository (no package.json or lock file of ours):
LIGHTHOUSE_HOME, default ~/.cache/dti-scorecard/lighthouse-<version>.
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = "12.8.2"
PAGES = {
    # The longest ranking: 63 units with every pillar and main index published.
    "ranking 2022 (63)": "/xep-hang/2022/",
    "ranking 2024 (34)": "/xep-hang/2024/",
    "province Bắc Giang": "/tinh/bac-giang/",
    "compare (3 units)": "/so-sanh/?units=bac-giang,ha-giang,hai-duong&metric=dti",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOAL = 0.95
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def say(message: str) -> None:
    print(f"lighthouse: {message}", file=sys.stderr, flush=True)


def lighthouse_binary() -> Path:
    home = Path(
        os.environ.get(
            "LIGHTHOUSE_HOME", Path.home() / ".cache" / "dti-scorecard" / f"lighthouse-{VERSION}"
        )
    )
    binary = home / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        if not shutil.which("npm"):
            sys.exit("lighthouse: npm is needed (Node.js) to install Lighthouse")
        say(f"installing lighthouse@{VERSION} into {home} (npm, once)")
        home.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(home), "--no-save", "--no-package-lock",
             "--no-audit", "--no-fund", "--silent", f"lighthouse@{VERSION}"],
            check=True,
        )  # fmt: skip
    return binary


def wait_for(url: str, process: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"lighthouse: the server stopped (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(1)
    sys.exit(f"lighthouse: {url} did not answer in {timeout:.0f} s")


def audit(binary: Path, url: str, out: Path, cpu_slowdown: float | None) -> dict:
    cmd = [
        str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
        "--chrome-flags=--headless=new --no-sandbox",
        f"--only-categories={','.join(CATEGORIES)}",
    ]  # fmt: skip
    if cpu_slowdown:
        cmd.append(f"--throttling.cpuSlowdownMultiplier={cpu_slowdown}")
    subprocess.run(
        cmd,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    try:
        report = json.loads(out.read_text())
    except (OSError, ValueError):
        return {}
    if report.get("runtimeError") or any(
        report["categories"][c]["score"] is None for c in CATEGORIES
    ):
        return {}  # a run Lighthouse itself gave up on (NO_NAVSTART and the like)
    audits = report["audits"]
    return {
        **{c: report["categories"][c]["score"] for c in CATEGORIES},
        "tbt": audits["total-blocking-time"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bench": report["environment"]["benchmarkIndex"],
    }


def table(results: dict[str, list[dict]]) -> tuple[str, bool]:
    lines = [
        "| page | performance (runs) | TBT | LCP | CLS | accessibility | best practices | SEO |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    ok = True
    for name, runs in results.items():
        if not runs:
            lines.append(f"| {name} | no run finished | | | | | | |")
            ok = False
            continue
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        ok &= all(med[c] >= GOAL for c in CATEGORIES)
        perf = ", ".join(f"{r['performance']:.2f}" for r in runs)
        lines.append(
            f"| {name} | **{med['performance']:.2f}** ({perf}) | {med['tbt']:.0f} ms "
            f"| {med['lcp'] / 1000:.2f} s | {med['cls']:.3f} | {med['accessibility']:.2f} "
            f"| {med['best-practices']:.2f} | {med['seo']:.2f} |"
        )
    marks = [r["bench"] for runs in results.values() for r in runs]
    if marks:
        lines.append(
            f"\nbenchmarkIndex of this host: {min(marks):.0f}–{max(marks):.0f} "
            f"(median {statistics.median(marks):.0f})"
        )
    lines.append(f"goal: every category ≥ {GOAL} (median): {'met' if ok else 'NOT MET'}")
    return "\n".join(lines), ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cpu-slowdown", type=float, help="instead of Lighthouse's 4×")
    parser.add_argument("--page", action="append", choices=list(PAGES), help="default: all")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        subprocess.run(["bash", "scripts/setup.sh", "--browser"], cwd=ROOT, check=True)
    binary = lighthouse_binary()
    pages = {name: PAGES[name] for name in args.page or PAGES}
    with tempfile.TemporaryDirectory(prefix="dti-lighthouse-") as scratch:
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{scratch}/db.sqlite3",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "HOST": "127.0.0.1",
            "PORT": str(port),
        }
        say(f"make serve on port {port} (a scratch database: migrate and load, about a minute)")
        log = open(Path(scratch) / "serve.log", "w")  # noqa: SIM115 (open while the server runs)
        server = subprocess.Popen(
            ["bash", "scripts/serve.sh"], cwd=ROOT, env=env, stdout=log, stderr=log
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/healthz", server)
            for path in pages.values():
                for _ in range(2):
                    urllib.request.urlopen(base + path, timeout=60).read()
            results: dict[str, list[dict]] = {name: [] for name in pages}
            for i in range(args.runs):
                for name, path in pages.items():
                    run = audit(
                        binary, base + path, Path(scratch) / "report.json", args.cpu_slowdown
                    )
                    say(f"run {i + 1}/{args.runs} {name}: {run.get('performance', 'failed')}")
                    if run:
                        results[name].append(run)
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
    text, ok = table(results)
    slowdown = f"{args.cpu_slowdown:g}× CPU slowdown" if args.cpu_slowdown else "mobile defaults"
    print(f"Lighthouse {VERSION}, {slowdown}, make serve, {args.runs} runs per page, medians\n")
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
