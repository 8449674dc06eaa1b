"""Resolution targets: the three status methods of DESIGN §5 (``status``, pure), the
rank book every page reads ranks from (``rank_book``) and each target's progress,
gap and status (``selectors``). Imports caching, rules, models and provinces."""
