"""Write the nginx site of this deployment: manage.py nginx_site --server-name dti.example.org

Renders deploy/nginx/dti.conf (indicators.nginx_site) with the limits of the
settings the app runs with, so run it with the production environment:

    DJANGO_READ_DOT_ENV_FILE=true .venv/bin/python manage.py nginx_site \\
        --server-name dti.example.org --out /etc/nginx/sites-available/dti

By default a TLS site (certbot's certificate paths) in front of the systemd socket
/run/dti/gunicorn.sock; --upstream (repeatable) names other app servers and
--no-tls --listen ADDRESS:PORT makes a plain HTTP site (tests, or TLS ended in front).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from indicators.nginx_site import Site, nginx_site_render


class Command(BaseCommand):
    help = "Viết cấu hình nginx của bản triển khai / Write the nginx site of this deployment."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--server-name",
            help="Tên miền công khai (mặc định: tên đầu tiên của DJANGO_ALLOWED_HOSTS) / "
            "The public host name (default: the first of DJANGO_ALLOWED_HOSTS).",
        )
        parser.add_argument(
            "--upstream",
            action="append",
            help="Máy chủ ứng dụng, lặp lại được (mặc định unix:/run/dti/gunicorn.sock) / "
            "An app server, repeatable: unix:/run/dti/gunicorn.sock, 10.0.0.5:8000.",
        )
        parser.add_argument(
            "--tls-certificate", default="", help="Tệp chứng chỉ / The certificate (PEM chain)."
        )
        parser.add_argument(
            "--tls-certificate-key", default="", help="Khóa của chứng chỉ / Its private key."
        )
        parser.add_argument(
            "--no-tls", action="store_true", help="HTTP thường, cần --listen / Plain HTTP."
        )
        parser.add_argument(
            "--listen", default="", help="Địa chỉ:cổng khi --no-tls / address:port with --no-tls."
        )
        parser.add_argument(
            "--out", type=Path, help="Tệp đích (mặc định: in ra) / The file (default: stdout)."
        )

    def handle(self, *args, **options) -> None:
        hosts = [h for h in settings.ALLOWED_HOSTS if h not in ("*", "")]
        server_name = options["server_name"] or (hosts[0].lstrip(".") if hosts else "")
        if not server_name:
            raise CommandError("--server-name: no host name given and none in DJANGO_ALLOWED_HOSTS")
        kwargs = {"upstreams": options["upstream"]} if options["upstream"] else {}
        site = Site(
            server_name=server_name,
            tls=not options["no_tls"],
            tls_certificate=options["tls_certificate"],
            tls_certificate_key=options["tls_certificate_key"],
            listen=options["listen"],
            **kwargs,
        )
        try:
            text = nginx_site_render(site=site)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["out"]:
            options["out"].write_text(text, encoding="utf-8")
            if options["verbosity"] >= 2:
                self.stdout.write(f"wrote {options['out']}")
        else:
            self.stdout.write(text, ending="")
