"""RTC Support Workbench: triage RTC SDK diagnostic bundles."""

__version__ = "0.1.0"
