"""Admin for frameworks, scores, published ranks and national values.

Published ranks show the rank computed from the pool's values beside them, and a
filter lists the ones that disagree (DESIGN §3: the published rank is shown, the
disagreement is flagged for admins).

Scores, published ranks and notes are unit-scoped: a provincial editor sees every
row but may add, change or delete only those of their assigned units (forms offer
only those units, and a crafted POST is refused). A score added in the admin is a
draft in the editor's own change set. A published score is never written here: a
change or a revert of it (only for someone with the publish right) is a new draft
in that user's change set, and goes public only when that change set is published.

One module per aggregate (``frameworks``, ``scores``, ``entry``, ``targets``), with
what they share in ``common``; importing them here registers them with the admin site.
"""

from indicators.admin import entry, frameworks, scores, targets  # noqa: F401
