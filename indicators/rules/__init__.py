"""Pure calculation rules, no ORM and no request: competition ranking (``ranking``),
the 2025 merger rule (``merger``), weighted sums of the main indices (``weights``),
the framework reference tables (``reference``) and the KPI metric catalogue
(``kpi_reference``). Imports nothing of the project; everything may import it."""
