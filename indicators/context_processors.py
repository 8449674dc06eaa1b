"""Template context for every page."""

from django.conf import settings


def synthetic(request) -> dict:
    """``dti_synthetic``: this server shows synthetic load-test units (benchmark only)."""
    return {"dti_synthetic": bool(getattr(settings, "DTI_INCLUDE_SYNTHETIC", False))}
