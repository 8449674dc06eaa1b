"""The scorecard pages: a year's ranking (``selectors``, ``params``), a unit's profile
(``profile``), the compare page (``compare``), the sources behind every cell
(``sources``), their forms, plotly figures (``charts``) and views. Reads only
published data; imports targets, caching, rules, models and provinces."""
