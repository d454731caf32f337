"""GUI tests (pytest-qt). A package, so test module names cannot clash with tests/core or tests/cli."""
