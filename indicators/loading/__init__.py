"""Loading the published sources (fixtures/sources, refreshed by ``make data-sync``)
into the database: frameworks and weights (``frameworks``), published values and
ranks (``published``), resolutions, targets and KPI observations (``targets``), the
values derived from them (``derived``), the committed fixtures (``fixtures``) and
synthetic load-test data (``synthetic``). Services: every write is atomic."""
