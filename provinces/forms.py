"""Input parsing for the unit search."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm tỉnh, thành phố"), max_length=100, required=False, strip=True)
