"""The nginx site (deploy/nginx/dti.conf rendered by manage.py nginx_site)."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def nginx_binary() -> str | None:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if Path(found).exists() else None


def _site(**options) -> str:
    out = io.StringIO()
    call_command("nginx_site", stdout=out, **{"server_name": "dti.example.org", **options})
    return out.getvalue()


def _location(text: str, path: str) -> str:
    match = re.search(r"location (?:= )?" + re.escape(path) + r" \{(.*?)\n    \}", text, re.S)
    assert match, f"no location {path}"
    return match.group(1)


def test_the_request_body_limit_is_the_apps_upload_limit(settings):
    assert f"client_max_body_size {settings.DTI_IMPORT_MAX_BYTES};" in _site()
    settings.DTI_IMPORT_MAX_BYTES = 5 * 1024 * 1024
    assert "client_max_body_size 5242880;" in _site()


def test_exports_and_login_are_rate_limited_in_both_languages(settings):
    text = _site()
    for path in ("/bao-cao/", "/en/bao-cao/"):
        assert "limit_req zone=dti_exports" in _location(text, path)
    for path in ("/quan-tri/login/", "/en/quan-tri/login/"):
        assert "limit_req zone=dti_login" in _location(text, path)
    assert "limit_req_status 429;" in text
    assert "limit_req" not in _location(text, "/")
    # The login limit follows the admin's address.
    settings.ADMIN_URL = "cong-quan-tri/"
    assert "limit_req zone=dti_login" in _location(_site(), "/cong-quan-tri/login/")


def test_static_files_come_from_static_root_with_a_year_for_hashed_names(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    static = _location(_site(), "/static/")
    assert f"alias {tmp_path / 'static'}/;" in static
    assert "gzip_static on;" in static
    assert 'add_header Cache-Control "max-age=31536000, public, immutable";' in static


def test_the_app_gets_the_client_chain_scheme_and_host_from_the_proxy():
    text = _site()
    for header in (
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "proxy_set_header Host $http_host;",
    ):
        assert header in text
    assert "gzip on;" in text


def test_a_tls_site_redirects_http_and_names_its_certificates():
    text = _site()
    assert "listen 443 ssl http2;" in text and "return 301 https://$host$request_uri;" in text
    assert "ssl_certificate /etc/letsencrypt/live/dti.example.org/fullchain.pem;" in text
    assert "ssl_certificate_key /etc/letsencrypt/live/dti.example.org/privkey.pem;" in text
    assert "{{" not in text and "{%" not in text


def test_a_plain_site_listens_where_told_and_has_no_tls():
    text = _site(no_tls=True, listen="127.0.0.1:8080", upstream=["127.0.0.1:8001"])
    assert "listen 127.0.0.1:8080;" in text and "ssl" not in text
    assert "server 127.0.0.1:8001;" in text
    with pytest.raises(CommandError, match="listen"):
        _site(no_tls=True)


@pytest.mark.deploy
def test_nginx_accepts_the_tls_site(tmp_path):
    if nginx_binary() is None or not shutil.which("openssl"):
        pytest.skip("nginx or openssl is not installed (scripts/setup.sh --nginx)")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=dti.example.org", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    site = tmp_path / "dti.conf"
    call_command(
        "nginx_site",
        server_name="dti.example.org",
        tls_certificate=str(cert),
        tls_certificate_key=str(key),
        out=site,
    )
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nevents {{}}\n"
        f"http {{ include /etc/nginx/mime.types; include {site}; }}\n"
    )
    result = subprocess.run(
        [nginx_binary(), "-t", "-c", str(main), "-p", str(tmp_path), "-e", str(tmp_path / "e.log")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert Path(site).read_text().startswith("# nginx site for the DTI scorecard")
