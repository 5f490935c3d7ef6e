"""The one error type the CLI turns into "exit 2 with one clear message".

Core and IO code raise :class:`RevopsInputError` for anything the user can
fix (a missing file, a bad column name, a ragged row); the CLI layer prints
the message on one line and exits 2. Everything else is a bug.
"""

from __future__ import annotations


class RevopsInputError(Exception):
    """A usage, config or input problem the user can fix. Exit code 2.

    The message names the file (and row/column where known) and says what
    to do; it is printed as is, so write it as a sentence for a person.
    """

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message
