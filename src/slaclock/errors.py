"""Every exception and warning slaclock raises on purpose.

The tree::

    SlaclockError                      base of everything raised on purpose
    ├── CalendarError (ValueError)     bad calendar: unknown zone or region, no open time, ...
    ├── PolicyError (ValueError)       a policy that cannot apply (unknown calendar, cycle, ...)
    │   ├── DurationError              a budget that cannot be read ('4 hrs?', '0m', '2d')
    │   └── PolicyFileError            a policy file with problems, each with its path and line
    ├── TimelineError (ValueError)     bad ticket events: no ``created``, out of range, ...
    └── NaiveDatetimeError (TypeError) a datetime without a time zone where an instant is needed

    SlaclockWarning (UserWarning)      something worth knowing that does not stop the answer
    └── HolidayDataWarning             a year outside the holiday data's range

Schema problems in configuration files surface as pydantic's ``ValidationError`` (itself a
``ValueError``), whose locations name the path in the file.
"""

from __future__ import annotations

__all__ = [
    "CalendarError",
    "DurationError",
    "HolidayDataWarning",
    "NaiveDatetimeError",
    "PolicyError",
    "PolicyFileError",
    "Problem",
    "SlaclockError",
    "SlaclockWarning",
    "TimelineError",
]


class SlaclockError(Exception):
    """Base class of every exception slaclock raises on purpose."""


class CalendarError(SlaclockError, ValueError):
    """A calendar that cannot be built or used: unknown zone or region, no open time at all."""


class PolicyError(SlaclockError, ValueError):
    """A policy that is well-formed alone but cannot apply (unknown calendar, parent, cycle)."""


class DurationError(PolicyError):
    """A duration that cannot be read; the message says how to write it."""


class PolicyFileError(PolicyError):
    """A policy file with one or more problems.

    ``problems`` lists each one with its path in the file (``policies[2].targets.P1``), the
    line where the file says where (YAML), and the message; ``str()`` shows them all, one a
    line.
    """

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        lines = [f"{len(problems)} problem(s) in {source}:"] + [
            "  " + p.render(source) for p in problems
        ]
        super().__init__("\n".join(lines))


class Problem:
    """One problem in a policy file: where it is, and what is wrong."""

    __slots__ = ("line", "message", "path")

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.message = message
        self.line = line

    def render(self, source: str | None = None) -> str:
        """``file:line: path: message`` (the parts that are known)."""
        where = "" if source is None else source
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        prefix = f"{where}: " if where else ""
        path = f"{self.path}: " if self.path else ""
        return f"{prefix}{path}{self.message}"

    def __repr__(self) -> str:
        return f"Problem({self.path!r}, {self.message!r}, line={self.line!r})"


class TimelineError(SlaclockError, ValueError):
    """Ticket events that cannot be evaluated: no ``created`` event, events before it, ..."""


class NaiveDatetimeError(SlaclockError, TypeError):
    """A datetime without a time zone was given where slaclock needs an instant."""


class SlaclockWarning(UserWarning):
    """Base class of slaclock's warnings."""


class HolidayDataWarning(SlaclockWarning):
    """A calendar was asked about a year outside the range its holiday data covers."""
