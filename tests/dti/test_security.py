"""Login throttling (django-axes) and password rules."""

import io

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command

pytestmark = pytest.mark.django_db

LOGIN = "/quan-tri/login/"


def _login(client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/quan-tri/"})


def test_login_is_locked_after_repeated_failures_and_reset_by_an_admin(client, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    get_user_model().objects.create_user("can-bo", password="mat-khau-dung-123", is_staff=True)
    for _ in range(4):
        assert _login(client, "can-bo", "sai").status_code == 200  # the form again, with an error
    locked = _login(client, "can-bo", "sai")
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    # The right password does not help while locked …
    assert _login(client, "can-bo", "mat-khau-dung-123").status_code == 429
    assert AccessAttempt.objects.get(username="can-bo").failures_since_start == 6
    # … another account from the same address is not locked (username + address) …
    get_user_model().objects.create_user("nguoi-khac", password="mat-khau-dung-456", is_staff=True)
    assert _login(client, "nguoi-khac", "mat-khau-dung-456").status_code == 302
    # … and an administrator's reset lets the user in again.
    call_command("axes_reset_username", "can-bo", stdout=io.StringIO())
    assert _login(client, "can-bo", "mat-khau-dung-123").status_code == 302


def test_a_successful_login_resets_the_failure_count(client):
    get_user_model().objects.create_user("can-bo", password="mat-khau-dung-123", is_staff=True)
    for _ in range(4):
        _login(client, "can-bo", "sai")
    assert _login(client, "can-bo", "mat-khau-dung-123").status_code == 302
    client.logout()
    for _ in range(4):
        assert _login(client, "can-bo", "sai").status_code == 200


def test_client_login_needs_axes_disabled_because_it_passes_no_request(client, settings):
    # Django's test Client.login() calls authenticate() without a request, which
    # Axes refuses; tests use force_login(), or disable Axes like this one.
    settings.AXES_ENABLED = False
    get_user_model().objects.create_user("can-bo", password="mat-khau-dung-123", is_staff=True)
    assert client.login(username="can-bo", password="mat-khau-dung-123")


def test_passwords_get_djangos_four_validators(settings):
    assert [v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS] == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("ngan12", "password_too_short"),
        ("password123", "password_too_common"),
        ("4815162342", "password_entirely_numeric"),
        ("nguyen-van-can-bo", "password_too_similar"),
    ],
)
def test_weak_passwords_are_refused(password, code):
    user = get_user_model()(username="nguyen-van-can-bo", email="can-bo@example.org")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert code in {e.code for e in refused.value.error_list}


def test_a_long_unusual_password_is_accepted():
    user = get_user_model()(username="nguyen-van-can-bo")
    validate_password("ruong-bac-thang-may-lua-2026", user)  # no exception


def test_the_admin_refuses_a_weak_password_for_a_new_user(admin_client):
    response = admin_client.post(
        "/quan-tri/auth/user/add/",
        {
            "username": "moi",
            "password1": "12345678",
            "password2": "12345678",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200  # the form again, not a redirect
    assert not get_user_model().objects.filter(username="moi").exists()


# `check --deploy` with the production environment (now with axes and simple-history
# installed) is tests/test_settings_smoke.py::test_production_settings_pass_deploy_checks.
