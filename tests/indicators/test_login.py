"""The admin login behind a proxy and its warnings (indicators.login, django-axes)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from indicators.login import client_ip

LOGIN = "/quan-tri/login/"
PROXY = "10.0.0.2"  # nginx, as the app server sees it


def _request(remote: str = PROXY, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # No proxy configured: the header is the client's own claim and is ignored.
        (0, "203.0.113.5", "198.51.100.1", "203.0.113.5"),
        (0, "203.0.113.5", None, "203.0.113.5"),
        # nginx in front: the entry nginx appended, whatever the client put before it.
        (1, PROXY, "203.0.113.5", "203.0.113.5"),
        (1, PROXY, "198.51.100.1, 203.0.113.5", "203.0.113.5"),
        (1, PROXY, "2001:db8::7", "2001:db8::7"),
        # A load balancer, then nginx: the address the load balancer saw.
        (2, PROXY, "198.51.100.1, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        # Fewer entries than proxies: the leftmost was still written by a proxy.
        (2, PROXY, "203.0.113.5", "203.0.113.5"),
        # Straight to the app server, or garbage: REMOTE_ADDR.
        (1, "203.0.113.9", None, "203.0.113.9"),
        (1, PROXY, "unknown", PROXY),
        (1, PROXY, " , ", PROXY),
    ],
)
def test_client_ip_trusts_only_the_configured_number_of_proxies(
    settings, proxies, remote, forwarded, expected
):
    settings.DTI_TRUSTED_PROXY_COUNT = proxies
    assert client_ip(_request(remote, forwarded)) == expected


def test_axes_uses_the_proxy_aware_client_address(settings):
    assert settings.AXES_CLIENT_IP_CALLABLE == "indicators.login.client_ip"
    assert settings.DTI_TRUSTED_PROXY_COUNT == 0  # the default: no proxy


def _login(client, username: str, password: str, client_address: str, *, url: str = LOGIN):
    return client.post(
        url,
        {"username": username, "password": password, "next": "/quan-tri/"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(
        "can-bo", password="mat-khau-dung-123", is_staff=True
    )


def test_behind_a_proxy_one_attacker_cannot_lock_out_everyone(client, settings, staff):
    settings.DTI_TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        _login(client, "can-bo", "sai", "203.0.113.5")
    assert _login(client, "can-bo", "mat-khau-dung-123", "203.0.113.5").status_code == 429
    # The same account from another client behind the same proxy still logs in.
    assert _login(client, "can-bo", "mat-khau-dung-123", "198.51.100.7").status_code == 302


def test_behind_a_proxy_a_forged_header_does_not_escape_the_lockout(client, settings, staff):
    settings.DTI_TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        _login(client, "can-bo", "sai", f"192.0.2.{n}, 203.0.113.5")
    assert (
        _login(client, "can-bo", "mat-khau-dung-123", "192.0.2.99, 203.0.113.5").status_code == 429
    )


def test_the_login_page_counts_down_the_attempts_left_before_the_lockout(client, staff):
    left = []
    for _ in range(4):
        html = _login(client, "can-bo", "sai", "203.0.113.5").content.decode()
        left.append(html)
    assert "còn 4 lần thử" in left[0]
    assert "còn 2 lần thử" in left[2]
    assert "còn 1 lần thử" in left[3]  # warned before the last attempt
    locked = _login(client, "can-bo", "sai", "203.0.113.5")
    assert locked.status_code == 429 and "Tạm khóa đăng nhập" in locked.content.decode()


def test_the_english_login_page_says_how_many_attempts_are_left(client, staff):
    for _ in range(3):
        _login(client, "can-bo", "sai", "203.0.113.5", url="/en/quan-tri/login/")
    html = _login(client, "can-bo", "sai", "203.0.113.5", url="/en/quan-tri/login/")
    assert "1 attempt left" in html.content.decode()


def test_a_first_failure_shows_the_attempts_left_and_a_right_password_none(client, staff):
    html = _login(client, "can-bo", "sai", "203.0.113.5").content.decode()
    assert "còn 4 lần thử" in html
    assert _login(client, "can-bo", "mat-khau-dung-123", "203.0.113.5").status_code == 302


def test_no_count_is_shown_when_axes_is_off(client, settings, staff):
    settings.AXES_ENABLED = False
    html = _login(client, "can-bo", "sai", "203.0.113.5").content.decode()
    assert "lần thử" not in html
