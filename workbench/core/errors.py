"""Error types that carry a message a support engineer can act on.

Every error raised on purpose by core is a ``WorkbenchError``: the CLI prints it as one
``error: …`` line and exits 2, the GUI shows it in a message box. Anything else is a bug and is
reported as an internal error with a pointer to the log file.
"""

from __future__ import annotations


class WorkbenchError(Exception):
    """An expected failure with a user-facing message and an optional hint on what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}: {self.hint}" if self.hint else self.message


class InputError(WorkbenchError):
    """The input (bundle, file, argument) cannot be used at all."""


class Cancelled(WorkbenchError):
    """The user stopped a long operation."""

    def __init__(self, message: str = "cancelled by the user") -> None:
        super().__init__(message)
