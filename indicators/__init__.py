"""What is measured and how units score: one Django app in rooms by capability.

Each room holds its own selectors (reads), services (writes), forms, views and
charts; ``models`` stays one app's models, one module per aggregate.

- ``models``: frameworks, scores, targets (imports provinces.models only).
- ``rules``: pure calculation, no ORM, no request: competition ranking, the merger
  rule, weighted sums, reference tables. Testable without a database.
- ``caching``: the data version, the per-version page cache and the catalog of
  small tables every page reads.
- ``loading``: the loaders of the published sources (fixtures/sources) and the
  derived values computed from them.
- ``scorecard``: the ranking, province profile and compare pages.
- ``targets``: resolution targets, their status methods and the rank book.
- ``scenarios``: rank drivers and the what-if simulator.
- ``entry``: data entry: template, upload, validate, apply, publish; rights, roles.
- ``admin``, ``templatetags``, ``management``: Django's interfaces to the above.

Imports point down: entry/scenarios → scorecard → targets → loading → caching →
rules/models → provinces. Nothing here imports reports or dti.
"""
