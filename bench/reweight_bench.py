"""Benchmark of the re-weighting page (issue 20; not a test): `make bench` runs it after
its table, or `.venv/bin/python bench/reweight_bench.py`.

- page: GET /xep-hang/2022/trong-so/ (full page, and the htmx partial with custom
  weights) for the 63 and the 34 units, in-process through Django's test client on the
  real published data (export_bench.setup: a throwaway in-memory SQLite database);
- pure: reweight.reweight (Decimal, exact, every unit) and reweight.stability (numpy,
  1,000 draws) on the real 63 and on 700 SYNTHETIC units: a random matrix of index
  values in memory, labelled synthetic, never saved.
Best and median of ``--repeat`` runs, in milliseconds.
"""

import argparse
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(fn, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - started) * 1000)
    return min(runs), statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--units", type=int, default=700)
    args = parser.parse_args()

    import numpy as np

    from bench import export_bench

    export_bench.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # "testserver" in ALLOWED_HOSTS, as in the tests

    from indicators.scenarios import reweight
    from indicators.scenarios.weighting import reweight_page

    client = Client()
    custom = "HDCQS=125&HDKTS=125&HDXHS=125&HTS=125&OTHER=500"
    rows = []
    for pool in (63, 34):
        url = f"/xep-hang/2022/trong-so/?pool={pool}"
        assert client.get(url).status_code == 200
        rows.append(
            (f"page, {pool} units (full)", *timed(lambda u=url: client.get(u), args.repeat))
        )
        rows.append(
            (
                f"page, {pool} units (htmx, custom weights)",
                *timed(
                    lambda u=url: client.get(f"{u}&{custom}", headers={"HX-Request": "true"}),
                    args.repeat,
                ),
            )
        )
    rows.append(
        (
            "reweight_page, 63, no bands",
            *timed(lambda: reweight_page(year=2022, params={}, bands=False), args.repeat),
        )
    )
    official = np.array([200.0, 150, 150, 100, 400])
    weights = dict(zip(reweight.CODES, map(Decimal, official.astype(int).tolist()), strict=True))
    for label, n in (("real size, 63", 63), (f"SYNTHETIC, {args.units}", args.units)):
        rng = np.random.default_rng(7)
        x = rng.uniform(0.1, 0.95, size=(n, 5))
        x[:, 4] /= 4  # OTHER is the combined sum / 4
        inputs = {
            i: dict(zip(reweight.CODES, map(Decimal, map(str, row)), strict=True))
            for i, row in enumerate(x.round(4))
        }
        rows.append(
            (
                f"pure reweight (Decimal), {label} units",
                *timed(lambda i=inputs: reweight.reweight(i, weights), args.repeat),
            )
        )
        rows.append(
            (
                f"pure stability, {label} units × {reweight.DRAWS} draws",
                *timed(lambda m=x: reweight.stability(m, official), args.repeat),
            )
        )
    print(f"\nre-weighting (issue 20), best / median of {args.repeat}, ms")
    for label, best, median in rows:
        print(f"  {label:<58} {best:8.1f} {median:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
