"""How a long core function says which step it is on.

Every ``progress`` argument of a core function is optional and takes a callable
``progress(step, done, total)``: called as each step starts, with the step's name
(``"phones"``), the units of work done before it and the units in all. A notebook user
passes nothing (or ``print``); the command line shows it as one progress display naming
the step. A function that runs others (``process_leads``) passes each a callback that
puts its steps inside its own: ``"clean · phones"``.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``progress(step, done, total)``: the step starting, and how far the function is (units done, units in all).
ProgressCallback = Callable[[str, float, float], None]


def _ignore(step: str, done: float, total: float) -> None:
    return None


class Steps:
    """Announce a function's steps in order: ``steps = Steps(progress, 10)``, then ``steps("phones")``."""

    def __init__(self, progress: ProgressCallback | None, total: int) -> None:
        self.progress = progress or _ignore
        self.total = total
        self.done = 0

    def __call__(self, name: str) -> None:
        """Step ``name`` starts (the steps before it are done)."""
        self.progress(name, min(self.done, self.total), self.total)
        self.done += 1

    def within(self, name: str) -> ProgressCallback:
        """Step ``name`` starts and runs a function with its own steps: its progress, shown inside this one."""
        start = self.done
        self.done += 1
        self.progress(name, start, self.total)

        def inner(step: str, done: float, total: float) -> None:
            share = (done / total) if total else 0.0
            self.progress(f"{name} · {step}" if step else name, start + share, self.total)
        return inner
