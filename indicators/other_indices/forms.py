"""Input parsing for the relationship view (query string only)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.other_indices.selectors import RELATIONSHIP_METRICS, other_metric


class RelationshipForm(forms.Form):
    """?year=2023 &x=papi_d8|papi. A bad value falls back to the default (the
    latest year with both indices, PAPI D8) and is reported on the page."""

    year = forms.TypedChoiceField(label=gettext_lazy("Năm"), coerce=int, required=False)
    x = forms.ChoiceField(label=gettext_lazy("So với"), required=False)

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        self.fields["year"].choices = [(y, str(y)) for y in reversed(years)]
        self.metrics = [other_metric(code) for code in RELATIONSHIP_METRICS]
        self.fields["x"].choices = [(m.code.lower(), m.label) for m in self.metrics]
        self.notices: list[str] = []

    def parsed(self) -> dict:
        """year (None when no year has both indices) and the PAPI metric."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if self.errors:
            self.notices.append(
                _("Tham số không hợp lệ đã bị bỏ qua: %(names)s.")
                % {"names": ", ".join(self.errors)}
            )
        year = data.get("year") or (self.years[-1] if self.years else None)
        metric = other_metric(data.get("x") or "") or self.metrics[0]
        return {"year": year, "metric": metric}
