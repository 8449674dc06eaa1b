"""Issue 17: the rough edges of the walk-through that a request can show — labels said
once, a description per page, whole-number ranks in the CSV."""

import io
import re

import pandas as pd
import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("/xep-hang/2021/", "Đổi phương pháp:"),
        ("/xep-hang/2024/?pool=63", "Đổi phương pháp:"),
        ("/en/ranking/2021/", "Method changed:"),
    ],
)
def test_the_method_change_label_is_said_once(client, url, label):
    html = client.get(url).content.decode()
    notice = re.search(r'<strong class="method">.*?</p>', html, re.S).group(0)
    assert re.sub(r"<[^>]+>", "", notice).count(label) == 1


def test_every_page_has_its_own_meta_description(client):
    seen = set()
    for url in ("/", "/xep-hang/2024/", "/tinh/bac-giang/", "/so-sanh/", "/phuong-phap/"):
        html = client.get(url).content.decode()
        [description] = re.findall(r'<meta name="description" content="([^"]+)">', html)
        assert len(description) > 50
        seen.add(description)
    assert len(seen) == 5
    english = client.get("/en/province/bac-giang/").content.decode()
    assert re.search(r'<meta name="description" content="[^"]*(Digital|digital)', english)


def test_ranks_stay_whole_numbers_in_a_csv_with_missing_ranks(client):
    body = client.get("/bao-cao/xep-hang/2021.csv").content.decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False)
    assert frame["rank"].str.fullmatch(r"\d*").all()
    assert (frame["rank"] == "").any() and (frame["rank"] != "").any()
    assert frame["year"].str.fullmatch(r"\d{4}").all()
