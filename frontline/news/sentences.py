"""Sentences and clauses of an article's text."""

from __future__ import annotations

import re

from frontline.news.patterns import BOUNDARY, CLAUSE_BREAK
from frontline.news.vocabulary import load_vocabulary

__all__ = ["clause", "split_sentences"]


def split_sentences(text: str, *, abbreviations: frozenset[str] | None = None
                    ) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``.

    Full stops after abbreviations (``Gen.``, ``Oct.``, ``U.S.``: the
    vocabulary's list unless given) and initials do not end a sentence; blank
    lines always do.

    Examples
    --------
    >>> t = "Gen. Syrskyi spoke on Oct. 27. Russian forces advanced."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Gen. Syrskyi spoke on Oct. 27.', 'Russian forces advanced.']
    """
    known = abbreviations if abbreviations is not None else load_vocabulary().abbreviations
    spans = []
    start = 0
    for m in BOUNDARY.finditer(text):
        head = text[start:m.start() + 1]
        word = re.search(r"([\w.]+)\.?$", text[start:m.start()])
        if m.group(0).startswith(".") and "\n" not in m.group(0) and word:
            w = word.group(1).lower().rstrip(".")
            if w in known or (len(w) == 1 and w.isalpha()):
                continue
        if head.strip():
            spans.append((start, m.start() + len(m.group(0).rstrip())
                          - len(m.group(0).rstrip().lstrip(".!?\"'”’)]"))))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    out = []
    for a, b in spans:  # trim whitespace
        seg = text[a:b]
        a2 = a + len(seg) - len(seg.lstrip())
        b2 = b - (len(seg) - len(seg.rstrip()))
        if b2 > a2:
            out.append((a2, b2))
    return out


#: What joins two statements of one sentence that may say opposite things: 'Kyiv denied X,
#: but said its troops had withdrawn from Y'.
CONTRAST = re.compile(r",?\s+(?:but|while|whereas|although|though)\s+|;\s+", re.I)


def statement(text: str, pos: int) -> tuple[int, int]:
    """The span of the statement around ``pos``: the sentence cut at 'but', 'while', ';'.

    Examples
    --------
    >>> t = "Kyiv denied that Russia took X, but said its troops left Y."
    >>> a, b = statement(t, t.index("left"))
    >>> t[a:b]
    'said its troops left Y.'
    """
    return _between(CONTRAST, text, pos)


def _between(breaks: re.Pattern[str], text: str, pos: int) -> tuple[int, int]:
    """The span around ``pos`` from the last of ``breaks`` before it to the next after it."""
    a = 0
    for m in breaks.finditer(text, 0, pos):
        a = m.end()
    after = breaks.search(text, pos + 1)
    return a, after.start() if after else len(text)


def clause(text: str, pos: int) -> tuple[int, int]:
    """The span of the clause around ``pos`` (between commas, 'that', 'after', ...).

    Examples
    --------
    >>> t = "Russian forces took Selydove on Sunday, the ministry said."
    >>> a, b = clause(t, 15)
    >>> t[a:b]
    'Russian forces took Selydove on Sunday'
    """
    return _between(CLAUSE_BREAK, text, pos)
