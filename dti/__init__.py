"""The project package: settings (``settings/base.py`` driven by the environment,
``settings/test.py`` for the suite), the root URLconf and the WSGI/ASGI entry points.
No application code lives here."""
