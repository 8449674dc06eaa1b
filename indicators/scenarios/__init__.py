"""Scenarios on published data: what drives a rank gap (``drivers``, pure) and what a
change of the main indices would do (``whatif``, pure), with their data
(``selectors``), the query-string parser shared with the export (``query``), forms,
charts and views. Imports scorecard, targets, loading, caching, rules, models."""
