"""Who: provincial units with their validity periods (63 before 01/07/2025, 34
from that day), successions, aliases and regions, accent-insensitive search, and the
request helpers every app's views share (``http``). Knows nothing of scores;
imports no other app of the project."""
