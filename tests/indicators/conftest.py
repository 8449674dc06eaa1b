import pytest


@pytest.fixture(autouse=True)
def _status_year(settings):
    """Judge target statuses as in 2026 (DTI 2025 not yet published), whatever today is."""
    settings.DTI_STATUS_YEAR = 2026
