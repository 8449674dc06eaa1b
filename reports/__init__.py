"""Exports of the scorecard views (DESIGN §6): Excel, CSV and the province print view.

- ``builders``: one Report per view, from the indicators' selectors (published data only);
- ``tables``: the Report, its sheets and tidy rows (plain data);
- ``workbook`` / ``csv_export``: the writers (STYLE's ``exports.py``, split by format);
- ``about`` / ``target_rows``: the "Thông tin" and targets sheets;
- ``views``, ``urls``, ``forms``, ``management/commands/export_dti``: the interfaces.

Nothing imports this app; pages link to its URLs by name in their templates.
"""
