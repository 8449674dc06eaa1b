"""WSGI entry point (gunicorn dti.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dti.settings.base")
application = get_wsgi_application()

from dti.warmup import warm_up  # noqa: E402  (after Django is set up)

warm_up()
