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

from typing import Self

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


def _rebuild(
    cls: type[BaseException], args: tuple[object, ...], state: dict[str, object]
) -> BaseException:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class SlaclockError(Exception):
    """Base class of every exception slaclock raises on purpose.

    Errors carry structure: ``message`` (what is wrong), ``path`` (where in a file or mapping,
    as ``calendars.office.hours.mon[0]``; None when it is not about a place) and, in batch
    evaluation, ``ticket`` (the ticket's id, or ``#N`` for its position in the stream) and
    ``line`` (the line of a JSON-lines stream the problem is on, counted from 1).
    ``str()`` is built from them, so a message is never parsed back. A ticket without an id is
    named by ``ticket_position``, its place in the stream (``#0`` first).

    >>> error = CalendarError.at("calendars.office.timezone", "unknown time zone 'Mars/Base'")
    >>> error.path, str(error)
    ('calendars.office.timezone', "calendars.office.timezone: unknown time zone 'Mars/Base'")
    """

    message: str
    path: str | None
    ticket: str | None
    ticket_position: int | None
    line: int | None
    shown_path: str | None

    def __init__(
        self, message: str = "", *, path: str | None = None, ticket: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.ticket = ticket
        self.ticket_position = None
        self.line = None
        self.shown_path = None

    @classmethod
    def at(cls, path: str | None, message: str) -> Self:
        """The error `message` about the place `path`."""
        return cls(message, path=path)

    def __str__(self) -> str:
        where = self.shown_path or self.path
        text = f"{where}: {self.message}" if where else self.message
        about = []
        if self.ticket is not None:
            about.append(f"ticket {self.ticket!r}")
        elif self.ticket_position is not None:
            about.append(f"ticket #{self.ticket_position}")
        if self.line is not None:
            about.append(f"line {self.line}")
        return f"{', '.join(about)}: {text}" if about else text

    def __reduce__(self) -> tuple[object, ...]:
        # Keeps path, ticket and any subclass state across pickling (worker processes).
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


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
        lines = [f"{len(problems)} problem(s) in {source}:"] + [
            "  " + p.render(source) for p in problems
        ]
        super().__init__("\n".join(lines))
        self.source = source
        self.problems = problems


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
    """Ticket events that cannot be evaluated: no ``created`` event, events before it, ...

    ``event`` is the place of the event at fault in the ticket's input (``0`` first), or None
    when the problem is not one event's.
    """

    event: int | None = None


class NaiveDatetimeError(SlaclockError, TypeError):
    """A datetime without a time zone was given where slaclock needs an instant."""


class SlaclockWarning(UserWarning):
    """Base class of slaclock's warnings."""


class HolidayDataWarning(SlaclockWarning):
    """A calendar was asked about a year outside the range its holiday data covers."""
