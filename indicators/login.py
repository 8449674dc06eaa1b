"""The admin login and django-axes: who the client is, and how many tries are left.

- ``client_ip`` is ``AXES_CLIENT_IP_CALLABLE``: the address axes counts failures
  for. Behind ``DTI_TRUSTED_PROXY_COUNT`` reverse proxies that each append the
  address they saw to X-Forwarded-For (nginx: ``$proxy_add_x_forwarded_for``), it is
  the address the outermost trusted proxy saw; anything further left was written
  by the client and is ignored. With no proxy (0) it is REMOTE_ADDR.
- ``LoginForm`` is the admin site's login form (set in dti/urls.py): after a
  failed attempt it says how many attempts are left before axes locks the
  username from this address ("còn 1 lần thử"), so nobody is locked out unwarned.
"""

import ipaddress

from axes.helpers import get_failure_limit
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import ngettext


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, as the trusted proxies in front saw it (see module doc)."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.DTI_TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if not hops:  # not through the proxy (a direct request to the app server)
        return remote
    # The last `proxies` entries were written by our proxies; fewer hops than that
    # means some were skipped, and the leftmost entry is still a proxy's.
    return _address(hops[-min(proxies, len(hops))]) or remote


class LoginForm(AdminAuthenticationForm):
    """The admin login form, telling after a failure how many attempts are left."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            left = self.attempts_left()
            if not left:
                raise
            warning = ValidationError(
                ngettext(
                    "Đăng nhập sai: còn %(count)s lần thử trước khi bị tạm khóa.",
                    "Đăng nhập sai: còn %(count)s lần thử trước khi bị tạm khóa.",
                    left,
                ),
                code="attempts_left",
                params={"count": left},
            )
            raise ValidationError([*error.error_list, warning]) from error

    def attempts_left(self) -> int | None:
        """Failed attempts still allowed before the lockout, after this request's
        failure (None when axes did not count one: disabled, or no failure)."""
        failures = getattr(self.request, "axes_failures_since_start", None)
        if not settings.AXES_ENABLED or failures is None:
            return None
        limit = get_failure_limit(self.request, {"username": self.cleaned_data.get("username")})
        return max(limit - failures, 0)
