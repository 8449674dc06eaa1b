"""Static files under gunicorn: WhiteNoise with a one-year cache for hashed names.

WhiteNoise marks a file whose name carries its content hash (collectstatic with
CompressedManifestStaticFilesStorage: ``app.3f2a9c1b7d4e.js``) as immutable for
ten years. One year is the usual ceiling (HTTP/1.1 asked servers not to send an
Expires more than a year ahead, RFC 2616 §14.21) and what deploy/nginx sends for
the same files, so a file gets the same header whichever of the two serves it.
"""

from whitenoise.middleware import WhiteNoiseMiddleware

ONE_YEAR = 365 * 24 * 60 * 60


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, answering hashed files with ``max-age=31536000, public, immutable``."""

    FOREVER = ONE_YEAR
