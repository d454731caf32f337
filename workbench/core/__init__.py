"""Everything that is not drawing. Never imports Qt (checked by tests/test_architecture.py)."""
