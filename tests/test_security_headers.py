"""The strict CSP and the seeds that keep plotly.js within it."""

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

PLOTLY = Path(settings.BASE_DIR, "static/vendor/plotly")
EMPTY = "'sha256-" + base64.b64encode(hashlib.sha256(b"").digest()).decode() + "'"


def test_csp_has_no_unsafe_inline_or_eval_for_scripts_and_styles(client):
    csp = client.get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    # Our own script files only, and no nonce: a public page is the same bytes for all.
    assert directives["script-src"] == "'self'"
    # Style elements: our files, and the empty <style> seeds by the hash of "" (below).
    assert directives["style-src"] == f"'self' {EMPTY}"
    assert "nonce" not in csp
    # Only the empty style attribute plotly's colour bar writes, by its hash.
    assert directives["style-src-attr"] == f"'unsafe-hashes' {EMPTY}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


@pytest.mark.parametrize("bundle", sorted(p.name for p in PLOTLY.glob("*.js")))
def test_every_plotly_bundle_is_the_servers_version_and_finds_its_style_seeds(bundle, client):
    import plotly

    source = (PLOTLY / bundle).read_text(encoding="utf-8")
    assert f"v{plotly.offline.get_plotlyjs_version()}" in source[:300]
    html = client.get("/").content.decode()
    # plotly.js fills <style id="plotly.js-style-global"> through CSSOM, and creates the
    # MapLibre <style> (which the CSP would refuse) only if no element has its id.
    # Both are empty, so the CSP's hash of "" allows them.
    assert '<style id="plotly.js-style-global"></style>' in html
    for style_id in set(re.findall(r'getElementById\("([0-9a-f]{64})"\)', source)):
        assert f'<style id="{style_id}"></style>' in html


def test_the_csrf_cookie_is_not_readable_by_scripts(client):
    # htmx takes the token from the page (hx-headers), forms from their hidden field.
    cookie = client.get("/quan-tri/login/").cookies["csrftoken"]
    assert cookie["httponly"] is True


@pytest.mark.parametrize("url", ["/", "/static/js/app.js"])
def test_pages_and_static_files_carry_the_blocking_xss_protection_header(client, url):
    assert client.get(url)["X-XSS-Protection"] == "1; mode=block"
