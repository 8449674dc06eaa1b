"""The nginx site of a deployment, rendered from deploy/nginx/dti.conf.

The limits nginx enforces come from the settings the app runs with, so they
cannot drift apart: the request body limit is DTI_IMPORT_MAX_BYTES, the throttled
login path follows DJANGO_ADMIN_URL, static files are served from STATIC_ROOT.
"""

from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.template import Context, Engine

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx" / "dti.conf"
SOCKET = "unix:/run/dti/gunicorn.sock"


@dataclass(frozen=True)
class Site:
    """What a site file needs besides the settings (defaults: a TLS site on 443
    in front of the systemd socket deploy/systemd/dti.socket)."""

    server_name: str
    upstreams: list[str] = field(default_factory=lambda: [SOCKET])
    tls: bool = True
    tls_certificate: str = ""
    tls_certificate_key: str = ""
    listen: str = ""  # without TLS: address:port
    export_rate: str = "30r/m"
    export_burst: int = 10
    login_rate: str = "10r/m"
    login_burst: int = 10


def nginx_site_render(*, site: Site) -> str:
    """The site file's text: the template filled from ``site`` and the settings.

    Without TLS it listens on ``site.listen`` only; with TLS the certificate paths
    default to certbot's (/etc/letsencrypt/live/<server name>/)."""
    if not site.upstreams:
        raise ValueError("at least one app server (upstream) is needed")
    if not site.tls and not site.listen:
        raise ValueError("a site without TLS needs an address to listen on")
    live = f"/etc/letsencrypt/live/{site.server_name}"
    context = {
        **asdict(site),
        "tls_certificate": site.tls_certificate or f"{live}/fullchain.pem",
        "tls_certificate_key": site.tls_certificate_key or f"{live}/privkey.pem",
        "static_root": str(Path(settings.STATIC_ROOT)).rstrip("/"),
        "max_body_bytes": int(settings.DTI_IMPORT_MAX_BYTES),
        "admin_url": settings.ADMIN_URL.strip("/") + "/",
    }
    engine = Engine(autoescape=False)
    return engine.from_string(TEMPLATE.read_text(encoding="utf-8")).render(Context(context))
