"""Other provincial indices beside the DTI: PAPI and PCI on the province page, the
compare page and a relationship view (DTI against PAPI).

Owns the reads (``selectors``), the figures (``charts``), the query-string parsing
(``forms``) and the relationship view (``views``). Imports indicators.models,
indicators.rules, indicators.scorecard (compare cells) and provinces; nothing in
indicators imports it except the scorecard views that show its section.
"""
