"""Data entry: a year's scores from an .xlsx or .csv file, as a draft change set.

The same service serves the upload page and ``python manage.py import_dti``. One
module a step, in the order an import goes through them:

1. ``template.import_template_build`` writes the template of a year and pool: one
   row per unit of the pool (code + name), one column per indicator of the year's
   framework, a second sheet with instructions and the allowed ranges, and data
   validation (decimal 0..1) in the value cells.
2. ``read`` turns the uploaded bytes into a plain table (size, zip-bomb and formula
   checks first).
3. ``validate.import_validate`` checks every cell without writing anything: the
   preview lists what would be added, changed (old → new) or left unchanged, and
   every error with its row, column and value, in Vietnamese.
4. ``apply.import_apply`` validates again inside one transaction and, only if there
   is no error at all, writes the new values as DRAFT scores of a new ChangeSet.
5. ``publish.change_set_publish`` makes a draft change set public and recomputes the
   derived values (pillars, merged units); ranks are computed from published values
   whenever a page is read, so they follow at once.

``types`` holds what they share: the limits, the errors and the preview.

Units are matched by CODE among the units of the pool (codes were reused on
01/07/2025: 24 is Bắc Giang in the 63 and Bắc Ninh in the 34); a name, when given,
is only a cross-check against the unit's known spellings.

May import: indicators.models, rules, caching, loading, entry.rights; provinces.
"""

from indicators.entry.imports.apply import import_apply
from indicators.entry.imports.publish import (
    change_set_digest,
    change_set_discard,
    change_set_drafts,
    change_set_for_admin_edit,
    change_set_publish,
    change_set_units,
    preview_rows,
)
from indicators.entry.imports.read import FileSource, file_source
from indicators.entry.imports.template import import_template_build
from indicators.entry.imports.types import (
    Change,
    ImportFileError,
    ImportPreview,
    ImportRejected,
    RowError,
    import_pools,
)
from indicators.entry.imports.validate import import_validate

__all__ = [
    "Change",
    "FileSource",
    "ImportFileError",
    "ImportPreview",
    "ImportRejected",
    "RowError",
    "change_set_digest",
    "change_set_discard",
    "change_set_drafts",
    "change_set_for_admin_edit",
    "change_set_publish",
    "change_set_units",
    "file_source",
    "import_apply",
    "import_pools",
    "import_template_build",
    "import_validate",
    "preview_rows",
]
