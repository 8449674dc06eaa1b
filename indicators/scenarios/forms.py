"""Query-string parsing of the rank drivers and what-if pages: every bad value gives a
message naming the parameter and the range it must lie in (the view answers 400)."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from indicators.rules.ranking import PUBLISHED_PLACES


@dataclass
class Parsed:
    errors: list[str] = field(default_factory=list)
    # Parameter name → its message, for the inputs that refused a value (shown beside them).
    fields: dict[str, str] = field(default_factory=dict)

    def integer(self, raw: str | None, *, name: str, low: int, high: int) -> int | None:
        if raw is None or raw.strip() == "":
            return None
        try:
            value = int(raw.strip())
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            self.errors.append(
                _(
                    "Tham số “%(name)s” = “%(value)s” không hợp lệ: cần một số nguyên từ %(low)s đến %(high)s."
                )
                % {"name": name, "value": raw[:40], "low": low, "high": high}
            )
            return None
        return value

    def decimal(self, raw: str | None, *, name: str, label: str, high: Decimal) -> Decimal | None:
        """A value in 0..high, at most 4 decimals kept (as published); a comma is
        accepted as the decimal mark (0,85)."""
        if raw is None or raw.strip() == "":
            return None
        try:
            value = Decimal(raw.strip().replace(",", "."))
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or not 0 <= value <= high:
            message = _(
                "Giá trị “%(value)s” của %(label)s (tham số “%(name)s”) không hợp lệ: cần một số từ 0 đến %(high)s."
            ) % {"value": raw[:40], "label": label, "name": name, "high": f"{high:g}"}
            self.errors.append(message)
            self.fields[name] = message
            return None
        return value.quantize(PUBLISHED_PLACES)


# Largest weight accepted per code: ten times the whole scale (anything above is a typo).
MAX_WEIGHT = Decimal(10_000)


def weight(parsed: Parsed, raw: str | None, *, name: str) -> Decimal | None:
    """A weight in points (0..10,000), a comma accepted as the decimal mark ("0,8")."""
    if raw is None or raw.strip() == "":
        return None
    try:
        value = Decimal(raw.strip().replace(",", "."))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not 0 <= value <= MAX_WEIGHT:
        parsed.errors.append(
            _(
                "Trọng số “%(value)s” (tham số “%(name)s”) không hợp lệ: cần một số điểm từ 0 đến %(high)s."
            )
            % {"value": raw[:40], "name": name, "high": f"{MAX_WEIGHT:,}".replace(",", ".")}
        )
        return None
    return value.quantize(Decimal("0.01"))
