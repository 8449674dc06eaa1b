"""What makes a page cheap: the data version (``version``: one row, bumped in the
same transaction as any data change), the page cache keyed by it (``pages``) and the
catalog of small tables read once per version (``catalog``). Imports models and
rules only."""
