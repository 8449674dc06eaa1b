"""Users and a draft change set in a deploy test's own database.

Run by tests/deploy/test_multi_server.py as ``python -m tests.deploy.seed`` with the
cluster's environment (DATABASE_URL, …) once ``make serve`` has migrated and
loaded the data; prints the draft change set's id as JSON. The draft raises Bắc
Giang's 2024 DTI (pool 63) to DRAFT_DTI, as tests/indicators/test_publish.py does.
"""

import io
import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dti.settings.base")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from indicators.entry import roles  # noqa: E402
from indicators.entry.imports import import_apply, import_template_build  # noqa: E402
from tests.indicators.entry_helpers import put  # noqa: E402

DRAFT_DTI = 0.845612  # shown as 0,8456 on the ranking once published
USERS = {"bien-tap": roles.NATIONAL_EDITOR, "cong-bo": roles.PUBLISHER, "khoa-thu": roles.VIEWER}


def main() -> None:
    password = os.environ["DTI_DEPLOY_TEST_PASSWORD"]
    users = {}
    for username, group in USERS.items():
        user = get_user_model().objects.create_user(username, password=password, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        users[username] = user
    book = load_workbook(io.BytesIO(import_template_build(year=2024, pool=63)))
    put(book.worksheets[0], "24", "DTI", DRAFT_DTI)
    content = io.BytesIO()
    book.save(content)
    change_set, _ = import_apply(
        source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
        content=content.getvalue(),
        file_name="deploy-test.xlsx",
        year=2024,
        pool=63,
        user=users["bien-tap"],
    )
    print(json.dumps({"change_set": change_set.pk}))


if __name__ == "__main__":
    main()
