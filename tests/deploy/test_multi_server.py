"""Several app servers: two gunicorn instances behind one nginx share PostgreSQL and
Redis (tests/deploy/cluster.py builds them: about 50 s on two idle cores, most of it
`make serve` migrating and loading an empty database).

A publish through one server is visible through the other at once, a login made
through one works on the other (and its CSRF token through nginx), and login
throttling counts the failures of both. Deselect with ``-m "not deploy"``.
"""

import gzip
import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.deploy.cluster import PASSWORD, csrf_token, skip_unless_available, start_cluster

pytestmark = pytest.mark.deploy

LOGIN = "/quan-tri/login/"
RANKING = "/xep-hang/2024/?pool=63"


@pytest.fixture(scope="module")
def cluster():
    skip_unless_available()
    # Not under pytest's tmp_path (mode 700): nginx's workers run as another user.
    folder = Path(tempfile.mkdtemp(prefix="dti-deploy-"))
    try:
        with start_cluster(folder) as running:
            yield running
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _bac_giang_row(html: str) -> str:
    return re.search(r"<tr>(?:(?!</tr>).)*?Bắc Giang(?:(?!</tr>).)*?</tr>", html, re.S).group(0)


def _login(cluster, browser, username: str, password: str, *, form_via: int, post_via: int):
    page = cluster.via(form_via, browser, "GET", LOGIN)
    assert page.status == 200
    data = {
        "csrfmiddlewaretoken": csrf_token(page.text),
        "username": username,
        "password": password,
        "next": "/quan-tri/",
    }
    return cluster.via(post_via, browser, "POST", LOGIN, data=data)


def test_a_publish_through_one_server_is_visible_through_the_other_at_once(cluster):
    visitor = cluster.browser()
    for server in (0, 1):  # both servers have the page in the shared cache
        before = cluster.via(server, visitor, "GET", RANKING)
        assert before.status == 200 and "0,8456" not in _bac_giang_row(before.text)

    publisher = cluster.browser()
    assert _login(cluster, publisher, "cong-bo", PASSWORD, form_via=0, post_via=0).status == 302
    review = cluster.via(0, publisher, "GET", f"/nhap-lieu/dot/{cluster.change_set}/")
    assert review.status == 200 and "0,8456" in review.text
    published = cluster.via(
        0,
        publisher,
        "POST",
        f"/nhap-lieu/dot/{cluster.change_set}/cong-bo/",
        data={
            "csrfmiddlewaretoken": csrf_token(review.text),
            # The confirm step: the summary shown (its fingerprint) is what gets published.
            "digest": re.search(r'name="digest" value="([0-9a-f]{64})"', review.text).group(1),
            "confirm": "on",
        },
    )
    assert published.status == 302, published.text[:500]

    after = cluster.via(1, visitor, "GET", RANKING)
    row = _bac_giang_row(after.text)
    assert "0,8456" in row and "1/63" in row
    assert "0,8456" in cluster.via(1, visitor, "GET", "/tinh/bac-giang/").text


def test_a_login_session_made_through_one_server_works_on_the_other(cluster):
    editor = cluster.browser()
    # The form (and its CSRF cookie) from server 1, the POST to server 2.
    assert _login(cluster, editor, "bien-tap", PASSWORD, form_via=0, post_via=1).status == 302
    assert editor.cookie("sessionid")
    for server in (0, 1):
        assert cluster.via(server, editor, "GET", "/nhap-lieu/").status == 200
    # Logged out through server 2 (a POST with the token of a page from server 1) …
    upload = cluster.via(0, editor, "GET", "/nhap-lieu/")
    out = cluster.via(
        1,
        editor,
        "POST",
        "/quan-tri/logout/",
        data={"csrfmiddlewaretoken": csrf_token(upload.text)},
    )
    assert out.status in (200, 302)
    # … the session is gone on server 1 too.
    again = cluster.via(0, editor, "GET", "/nhap-lieu/")
    assert again.status == 302 and LOGIN in again.headers["Location"]


def test_login_throttling_counts_failures_on_both_servers(cluster):
    intruder = cluster.browser()
    for attempt, server in enumerate((0, 1, 0, 1), start=1):
        # Each POST claims another client address; nginx appends the real one, which
        # is the one counted (DTI_TRUSTED_PROXY_COUNT=1).
        page = cluster.via(server, intruder, "GET", LOGIN)
        failed = cluster.via(
            server,
            intruder,
            "POST",
            LOGIN,
            data={
                "csrfmiddlewaretoken": csrf_token(page.text),
                "username": "khoa-thu",
                "password": "sai-mat-khau",
            },
            headers={"X-Forwarded-For": f"198.51.100.{attempt}"},
        )
        assert failed.status == 200
        assert f"còn {5 - attempt} lần thử" in failed.text
    page = cluster.via(0, intruder, "GET", LOGIN)
    data = {"csrfmiddlewaretoken": csrf_token(page.text), "username": "khoa-thu"}
    locked = cluster.via(0, intruder, "POST", LOGIN, data={**data, "password": "sai"})
    assert locked.status == 429 and "Tạm khóa đăng nhập" in locked.text
    # Locked on the other server too, even with the right password.
    still = cluster.via(1, intruder, "POST", LOGIN, data={**data, "password": PASSWORD})
    assert still.status == 429


def test_static_files_are_served_hashed_for_a_year_by_nginx_and_by_make_serve(cluster):
    manifest = json.loads((cluster.folder / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["js/app.js"]
    assert re.fullmatch(r"js/app\.[0-9a-f]{12}\.js", hashed)
    visitor = cluster.browser()
    by_nginx = visitor.request("GET", f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
    assert by_nginx.status == 200 and by_nginx.upstream is None
    assert by_nginx.headers["Cache-Control"] == "max-age=31536000, public, immutable"
    assert by_nginx.headers["Content-Encoding"] == "gzip"  # WhiteNoise's .gz (gzip_static)
    assert by_nginx.headers["X-Content-Type-Options"] == "nosniff"
    unhashed = visitor.request("GET", "/static/js/app.js")
    assert unhashed.status == 200 and "immutable" not in unhashed.headers["Cache-Control"]
    # The same file from gunicorn (make serve, WhiteNoise): the same one-year header.
    direct = cluster.direct(0, f"/static/{hashed}")
    assert direct.status == 200
    assert direct.headers["Cache-Control"] == "max-age=31536000, public, immutable"


def test_pages_come_compressed_through_nginx_and_answer_head(cluster):
    visitor = cluster.browser()
    page = cluster.via(1, visitor, "GET", RANKING, headers={"Accept-Encoding": "gzip"})
    assert page.status == 200 and page.headers["Content-Encoding"] == "gzip"
    assert "<html" in gzip.decompress(page.body).decode()
    head = cluster.via(0, visitor, "HEAD", RANKING)
    assert head.status == 200 and head.body == b""
    health = cluster.via(1, visitor, "GET", "/healthz")
    assert json.loads(health.body) == {"database": "ok", "cache": "ok"}
    assert health.headers["Cache-Control"] == "no-store"
    # DEBUG is off: a missing page is the site's 404, not Django's debug page.
    missing = visitor.request("GET", "/khong-co-trang-nay/")
    assert missing.status == 404 and "URLconf" not in missing.text


def test_nginx_limits_the_rate_of_exports(cluster):
    visitor = cluster.browser()
    statuses = [
        visitor.request("HEAD", "/bao-cao/xep-hang/2024.csv?pool=63").status for _ in range(14)
    ]
    # burst 10 beyond the first, then 429 (30 a minute refill one each 2 s).
    assert statuses[:10] == [200] * 10 and 429 in statuses[11:], statuses
