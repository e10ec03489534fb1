"""The extractor's vocabulary: who is who, and which words are not places, as data files.

The words live in ``frontline/news/vocabulary/`` (see its README), not in code:
adding another conflict means adding rows (its countries, demonyms, capitals,
units and officials) or pointing :func:`load_vocabulary` at a folder of one's
own with the same files. The rules of :mod:`frontline.news.extract` read them
from a :class:`Vocabulary`, loaded once.

Examples
--------
>>> v = load_vocabulary()
>>> v.side_words["russian"], v.actor_side("centre group of forces"), v.actor_side("putin")
('RU', 'RU', 'RU')
>>> v.actor_side("battlegroup vostok"), v.demonyms["UA"]
('RU', 'Ukrainian')
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from frontline.errors import InputFileError

__all__ = ["ROLES", "Vocabulary", "load_vocabulary"]

#: What a row of ``actors.csv`` can be. ``country``, ``demonym``, ``capital`` and
#: ``acronym`` name a side by its state; ``unit`` and ``official`` name it by who acts
#: for it; ``force`` qualifies troops in a deployment ("North Korean troops").
ROLES = ("country", "demonym", "capital", "acronym", "unit", "official", "force")
_FILES = ("actors.csv", "stopwords.txt", "abbreviations.txt", "military_nouns.txt",
          "where_nouns.txt", "standalone_regions.txt", "events.csv")


def _pattern(phrase: str) -> str:
    """A phrase as a regex: words apart by any space, ``*`` for any one word."""
    return r"\s+".join(r"\w+" if w == "*" else re.escape(w) for w in phrase.split())


def _alternation(phrases: list[str]) -> str:
    """Longest first, so 'north koreans' wins over 'north korea' at the same place."""
    return "|".join(_pattern(p) for p in sorted(set(phrases), key=lambda p: (-len(p), p)))


@dataclass(frozen=True)
class Vocabulary:
    """The words the extractor knows, compiled for matching.

    Attributes
    ----------
    side_words : dict
        Word -> side code, for words that name a side by its state
        (``russian`` -> ``RU``).
    capitals : frozenset of str
        Words that are also places (``kyiv``: "a strike on Kyiv" is the city).
    countries : frozenset of str
        Words that name a country itself (strong evidence of the actor).
    units : dict
        Unit or official -> side (``putin`` -> ``RU``); patterns may hold ``*``.
    demonyms : dict
        Side code -> the adjective for its forces (``UA`` -> ``Ukrainian``).
    forces : dict
        Words that qualify troops in a deployment -> side code, or '' when the
        word does not tell the side.
    stop : frozenset of str
        Capitalised words that are never place names.
    abbreviations : frozenset of str
        Abbreviations whose full stop does not end a sentence.
    side_re : Pattern
        Any side word, unit or official, with an optional possessive.
    military_after : Pattern
        What follows a side word that acts ("... forces", "... General Staff").
    where_after : Pattern
        What follows a side word that names a place ("... Kursk region").
    force_re : str
        An alternation of the words in ``forces`` (a regex fragment).
    wildcards : tuple of (Pattern, str)
        The units named with ``*`` (any one word), compiled, with their sides.
    country_words, demonym_words : tuple of str
        The phrases with the roles ``country`` and ``demonym`` (``russia``;
        ``russian``), for the patterns that take a side's adjective.
    standalone_regions : tuple of str
        Names that stand for a whole region without a word such as *region*
        after them (``DPR``, ``Luhansk People's Republic``), as written; the
        gazetteer resolves each.
    events : tuple of (str, date, str)
        The war's named events, the day each began and whose it is ('counteroffensive',
        2023-06-04, 'UA'), latest last: "since the counteroffensive began" runs from the
        latest that began before the article, and a figure with no side named is that
        side's.
    """

    side_words: dict[str, str]
    capitals: frozenset[str]
    countries: frozenset[str]
    units: dict[str, str]
    demonyms: dict[str, str]
    forces: dict[str, str]
    stop: frozenset[str]
    abbreviations: frozenset[str]
    side_re: re.Pattern[str]
    military_after: re.Pattern[str]
    where_after: re.Pattern[str]
    force_re: str
    wildcards: tuple[tuple[re.Pattern[str], str], ...] = ()
    country_words: tuple[str, ...] = ()
    demonym_words: tuple[str, ...] = ()
    standalone_regions: tuple[str, ...] = ()
    events: tuple[tuple[str, dt.date, str], ...] = ()

    def state_side(self, text: str) -> str | None:
        """The side of the first country or demonym written in ``text`` ('Russia's
        defence ministry' -> ``RU``), or None.

        Examples
        --------
        >>> load_vocabulary().state_side("in Ukraine's eastern Donetsk region")
        'UA'
        """
        states = {*self.country_words, *self.demonym_words}
        for m in self.side_re.finditer(text):
            word = " ".join(m.group(1).lower().split())
            if word in states:
                return self.side_words[word]
        return None

    def actor_side(self, word: str) -> str | None:
        """The side of a unit or official named without its country; None otherwise."""
        word = " ".join(word.lower().split())
        if word in self.side_words:
            return None
        if word in self.units:
            return self.units[word]
        return next((side for pattern, side in self.wildcards if pattern.fullmatch(word)), None)


def _read(folder: Path | None, name: str) -> tuple[str, str]:
    if folder is None:
        text = resources.files("frontline.news").joinpath("vocabulary", name).read_text(
            encoding="utf-8")
        return text, f"frontline/news/vocabulary/{name}"
    path = folder / name
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except OSError as exc:
        raise InputFileError(str(path), f"cannot read: {exc.strerror or exc}") from None


def _words(text: str) -> frozenset[str]:
    return frozenset(w for line in text.splitlines() if not line.startswith("#")
                     for w in line.split())


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()).lower() for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=4)
def load_vocabulary(folder: str | Path | None = None) -> Vocabulary:
    """Read a vocabulary: the one shipped with Frontline, or a folder of the same files.

    Parameters
    ----------
    folder : path-like, optional
        Holds ``actors.csv``, ``stopwords.txt``, ``abbreviations.txt``,
        ``military_nouns.txt``, ``where_nouns.txt``, ``standalone_regions.txt`` and,
        optionally, ``events.csv``.

    Raises
    ------
    InputFileError
        A file is missing or a row is malformed (with its line and field).
    """
    root = Path(folder) if folder is not None else None
    text, where = _read(root, "actors.csv")
    side_words: dict[str, str] = {}
    capitals, countries = set(), set()
    country_words: list[str] = []
    demonym_words: list[str] = []
    units: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    forces: dict[str, str] = {}
    reader = csv.DictReader(io.StringIO(text))
    for row in reader:
        phrase = " ".join((row.get("phrase") or "").lower().split())
        side = (row.get("side") or "").strip()
        roles = [r.strip() for r in (row.get("roles") or "").split(";") if r.strip()]
        if not phrase:
            raise InputFileError(where, "missing", line=reader.line_num, field="phrase")
        bad = [r for r in roles if r not in ROLES]
        if bad or not roles:
            raise InputFileError(where, f"roles must be some of {', '.join(ROLES)}",
                                 line=reader.line_num, field="roles")
        if not side and set(roles) - {"force"}:
            raise InputFileError(where, "missing (only a force may leave it empty)",
                                 line=reader.line_num, field="side")
        for role in roles:
            if role in ("country", "demonym", "capital", "acronym"):
                side_words[phrase] = side
            if role == "capital":
                capitals.add(phrase)
            if role == "country":
                countries.add(phrase)
                country_words.append(phrase)
            if role in ("unit", "official"):
                units[phrase] = side
            if role == "demonym":
                demonym_words.append(phrase)
                demonyms.setdefault(side, " ".join(w.capitalize() for w in phrase.split()))
            if role == "force":
                forces[phrase] = side
    military = _lines(_read(root, "military_nouns.txt")[0])
    where_nouns = _lines(_read(root, "where_nouns.txt")[0])
    side_re = re.compile(rf"\b({_alternation([*side_words, *units])})(?:['’]s)?(?![\w-])", re.I)
    military_after = re.compile(
        rf"^(?:['’]s)?\s+(?:\w+\s+){{0,2}}?(?:{_alternation(military)})\b", re.I)
    where_after = re.compile(
        rf"^(?:['’]s)?\s+(?:[A-ZА-Я][\w'’-]*\s+)*(?:{_alternation(where_nouns)})\b"
        r"|^\s+region\s+of\b")
    return Vocabulary(
        side_words=side_words, capitals=frozenset(capitals), countries=frozenset(countries),
        units=units, demonyms=demonyms, forces=forces,
        stop=_words(_read(root, "stopwords.txt")[0]),
        abbreviations=_words(_read(root, "abbreviations.txt")[0]),
        side_re=side_re, military_after=military_after, where_after=where_after,
        force_re=_alternation(list(forces)),
        wildcards=tuple((re.compile(_pattern(p)), side) for p, side in units.items() if "*" in p),
        country_words=tuple(country_words), demonym_words=tuple(demonym_words),
        standalone_regions=tuple(" ".join(line.split()) for line in
                                 _read(root, "standalone_regions.txt")[0].splitlines()
                                 if line.strip() and not line.startswith("#")),
        events=_events(root),
    )


def _events(root: Path | None) -> tuple[tuple[str, dt.date, str], ...]:
    """``events.csv``: each named event's phrase and first day, in order of that day (none
    when a vocabulary folder has no such file: it is optional)."""
    if root is not None and not (root / "events.csv").exists():
        return ()
    text, where = _read(root, "events.csv")
    reader = csv.DictReader(io.StringIO(text))
    out: list[tuple[str, dt.date, str]] = []
    for row in reader:
        phrase = " ".join((row.get("phrase") or "").lower().split())
        if not phrase:
            raise InputFileError(where, "missing", line=reader.line_num, field="phrase")
        try:
            start = dt.date.fromisoformat((row.get("start") or "").strip())
        except ValueError:
            raise InputFileError(where, "not a date (YYYY-MM-DD)", line=reader.line_num,
                                 field="start") from None
        out.append((phrase, start, (row.get("side") or "").strip()))
    return tuple(sorted(out, key=lambda e: (e[1], e[0])))
