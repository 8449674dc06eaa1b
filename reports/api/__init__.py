"""The data API (issue 18): read-only JSON and CSV under ``/api/v1/``, with an OpenAPI
schema generated from the code (django-ninja) and docs served from our static files.

It is an output of the data, like the exports, so it lives in ``reports`` and reads
through the same selectors as the pages and files (``indicators.scorecard.selectors``,
``indicators.targets.selectors``, ``reports.builders``): one source of truth.

- ``schemas``: the response shapes (stable snake_case names; null = not published);
- ``rows``: selector results turned into those shapes (no ORM beyond the selectors');
- ``problems``: RFC 9457 problem details, in Vietnamese and English;
- ``endpoints``: the NinjaAPI and its operations; ``cors``: read-only CORS.

May import indicators and provinces; nothing imports it but ``dti.urls`` and settings.
"""
