"""Errors raised by Frontline.

Every error derives from :class:`FrontlineError` and from the builtin that
describes it best, so callers may catch either. Messages say what was wrong,
where, and what to do; the command line prints them on one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from frontline.geo.geocode import Candidate
    from frontline.geo.places import Place

__all__ = [
    "AmbiguousPlace",
    "FrontlineError",
    "GazetteerError",
    "InputFileError",
    "OutputError",
    "Problem",
    "ScenarioError",
    "UnknownCountry",
    "UnknownPlace",
    "UnknownRegion",
    "UnknownSource",
    "quote",
]


class FrontlineError(Exception):
    """Root of every error Frontline raises on purpose."""


def quote(text: object) -> str:
    """A user's input as quoted in a message: at most the first 100 characters.

    Examples
    --------
    >>> quote("Kyiv")
    "'Kyiv'"
    >>> len(quote("x" * 5000))
    105
    """
    from frontline.thresholds import QUOTE_CHARS

    value = str(text)
    if len(value) > QUOTE_CHARS:
        value = value[:QUOTE_CHARS] + "..."
    return f"'{value}'"


class GazetteerError(FrontlineError, OSError):
    """The gazetteer index or the user gazetteer cannot be built or read."""


class OutputError(FrontlineError, OSError):
    """An output cannot be written: its directory is missing, not writable, or full.

    Parameters
    ----------
    path : str
        The file or directory.
    reason : str
        Why, in words.
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot write {path}: {reason}")

    def __str__(self) -> str:
        return f"cannot write {self.path}: {self.reason}"


class InputFileError(FrontlineError, ValueError):
    """A file given by the user is malformed.

    Parameters
    ----------
    path : str
        The file.
    message : str
        What is wrong.
    line : int, optional
        1-based line number.
    field : str, optional
        The column or field at fault.
    """

    def __init__(
        self, path: str, message: str, *, line: int | None = None, field: str | None = None
    ) -> None:
        self.path = path
        self.line = line
        self.field = field
        self.message = message
        where = path if line is None else f"{path}:{line}"
        if field:
            where += f": field '{field}'"
        super().__init__(f"{where}: {message}")


_VOWELS = frozenset("aeiouyаеёиоуыэюяіїє")


def _looks_like_a_name(text: str) -> bool:
    """Whether ``text`` could be a village's name (then a hint about small places helps):
    three or more different letters, one of them a vowel; not 'zzzz' or '123'.

    Examples
    --------
    >>> _looks_like_a_name("Maksymilianivka"), _looks_like_a_name("zzzz")
    (True, False)
    """
    letters = [c for c in text.lower() if c.isalpha()]
    return len(set(letters)) >= 3 and any(c in _VOWELS for c in letters)


class UnknownPlace(FrontlineError, LookupError):
    """No place of that name is known.

    Attributes
    ----------
    query : str
        The name as given.
    suggestions : list of Place
        Up to five close names, best first.
    """

    def __init__(
        self, query: str, suggestions: Sequence[Place] = (), *, detail: str | None = None
    ) -> None:
        self.query = query
        self.suggestions = list(suggestions)
        message = detail or f"unknown place {quote(query)}"
        if self.suggestions:
            labels = ", ".join(p.label() for p in self.suggestions)
            message += f"; did you mean {labels}?"
        if detail is None and _looks_like_a_name(query):
            message += " (places under 500 inhabitants: add them with 'frontline gazetteer import')"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownRegion(FrontlineError, LookupError):
    """No admin-1 region (oblast, krai, republic) of that name is known.

    Attributes
    ----------
    query : str
    suggestions : list of str
        Labels of close region names.
    """

    def __init__(self, query: str, suggestions: Sequence[str] = ()) -> None:
        self.query = query
        self.suggestions = list(suggestions)
        message = f"unknown region {quote(query)}"
        if self.suggestions:
            message += f"; did you mean {', '.join(self.suggestions)}?"
        super().__init__(message)


class UnknownCountry(FrontlineError, LookupError):
    """No country of that name or code is known."""

    def __init__(self, query: str) -> None:
        self.query = query
        super().__init__(
            f"unknown country {quote(query)}; use a name or an ISO code such as UA or RU"
        )


class UnknownSource(FrontlineError, LookupError):
    """No file of that id or path was imported into the user gazetteer."""


class AmbiguousPlace(FrontlineError, LookupError):
    """Several places fit the name and nothing separates them clearly.

    Attributes
    ----------
    query : str
        The name as given.
    candidates : list of Candidate
        The places that fit, best first.
    """

    def __init__(self, query: str, candidates: Sequence[Candidate]) -> None:
        self.query = query
        self.candidates = list(candidates)
        shown = ", ".join(c.place.label(population=True) for c in self.candidates[:5])
        more = len(self.candidates) - 5
        message = f"{quote(query)} is ambiguous: {shown}"
        if more > 0:
            message += f" and {more} more"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class Problem:
    """One problem found in an input file: where it is and what is wrong.

    Attributes
    ----------
    path : str
        The file.
    line : int or None
        1-based line number.
    field : str
        Dotted path of the field, e.g. ``reports[3].date``.
    message : str
    severity : {'error', 'warning'}
    """

    __slots__ = ("field", "line", "message", "path", "severity")

    def __init__(self, path: str, line: int | None, field: str, message: str,
                 severity: str = "error") -> None:
        self.path, self.line, self.field = path, line, field
        self.message, self.severity = message, severity

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        label = "" if self.severity == "error" else f"{self.severity}: "
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {label}{self.message}"

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"


class ScenarioError(FrontlineError, ValueError):
    """A scenario file has problems; all of them are listed.

    Attributes
    ----------
    problems : list of Problem
        Every error (and warning) found, in file order.
    """

    def __init__(self, path: str, problems: Sequence[Problem]) -> None:
        self.path = path
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        head = f"{path}: {len(errors)} problem(s)"
        super().__init__(head + "\n" + "\n".join(str(p) for p in self.problems))

    def __str__(self) -> str:
        return str(self.args[0])
