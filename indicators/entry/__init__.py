"""Data entry by admins: the upload service (``imports``: template, read, validate,
apply, publish), its forms and views, who may edit which unit (``rights``) and the
role groups (``roles``). Writes drafts; only a publisher makes them public."""
