"""Settings package: base.py (everything, from the environment) and test.py (fast tests)."""
