"""Claims that place the front: a side advanced near a place, fighting near a place, a
place besieged or encircled.

They are not changes of hands: ``advance`` says a side gained ground near a place by a
date ("Russian forces recently advanced near Kurakhivka", "made marginal gains west of
Toretsk", "geolocated footage shows Russian forces in central Toretsk"); ``fighting``
says the front passes near a place on a date, with the attacker when the text names one
("fighting continues near Dalnie", "Russian forces attacked near A, B and C",
"Ukrainian forces repelled Russian assaults near X", and an advance the text says did not
happen: "unsuccessfully attempted to advance near X"); ``siege`` says a side besieges a
place ("besieged"), or has cut it off (``encircled``: "encircled", "surrounded", "cut
off"). The scenario takes all three (:mod:`frontline.scenario`); the reader finds them
only when asked (``Extractor(fronts=True)``, ``frontline extract --fronts``), since a
daily assessment names dozens and they say where the front is, not who holds what.
"""

from __future__ import annotations

import re

from frontline.news.claims import Context
from frontline.news.claims.clauses import Clauses
from frontline.news.claims.events import Events
from frontline.news.mentions import Mention, Sentence
from frontline.news.patterns import (
    ADVANCE,
    ATTACK,
    DIRECTION_OF,
    ENCIRCLED,
    FIGHT_BLOCK,
    FIGHTING,
    FRONT_PREP,
    NEGATION,
    PLACE_NOUN,
    REPELLED,
    SIEGE_ACTIVE,
    SIEGE_BLOCK,
    SIEGE_PASSIVE,
    Q,
)

__all__ = ["Advances", "Fighting", "Sieges", "front_targets"]

#: What may stand between two places of one front claim: 'near A, B and C', 'in A and west
#: of B', 'near A and in the direction of B'.
_GAP = re.compile(
    rf"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|as\s+well\s+as\s+)(?:(?:also\s+)?{FRONT_PREP}\s+)?"
    rf"(?:the\s+)?(?:(?:northern|southern|eastern|western|central|north-?eastern|"
    rf"north-?western|south-?eastern|south-?western)\s+)?(?:{PLACE_NOUN}\s+(?:of\s+)?)?{Q}$",
    re.I)
#: What may stand between the preposition and the first place: 'near the village of',
#: 'in central', 'in the direction of'.
_FIRST = re.compile(
    rf"^\s*{Q}(?:the\s+)?(?:(?:northern|southern|eastern|western|central|north-?eastern|"
    rf"north-?western|south-?eastern|south-?western|nearby|small|embattled|key)\s+)?"
    rf"(?:(?:outskirts|vicinity|area|direction|cent(?:re|er)|part)\s+of\s+(?:the\s+)?)?"
    rf"(?:{PLACE_NOUN}\s+(?:of\s+)?)?{Q}$", re.I)


#: Between such a place and the places the claim is about: ' near ', ' in the direction of '.
_NEAR_AFTER_ANCHOR = re.compile(r"\s+(?:near|around|in\s+the\s+direction\s+of|toward|towards|"
                                r"in)\s+(?:the\s+(?:village|town|settlement)s?\s+of\s+)?", re.I)


def front_targets(s: Sentence, pos: int) -> list[Mention]:
    """The places a front claim points at, after its preposition ending at ``pos``: one, or a
    list ('near A, B and C', 'in A and west of B'). Names that only qualify a noun ('the
    Pokrovsk direction') and places outside the theatre are not targets.

    Parameters
    ----------
    s : Sentence
    pos : int
        Where the claim's preposition ends, in the sentence's text.

    Returns
    -------
    list of Mention
    """
    base = s.span[0]
    out: list[Mention] = []
    # 'attacked northeast of X near A and B': X says which way; A and B are where
    anchored = bool(DIRECTION_OF.search(s.text[:pos]))
    for m in s.places:
        start = m.span[0] - base
        if start < pos:
            continue
        gap = s.text[pos:start]
        if anchored and len(out) == 1 and _NEAR_AFTER_ANCHOR.fullmatch(gap):
            out, anchored = [], False
        elif not (_GAP if out else _FIRST).match(gap):
            break
        pos = m.span[1] - base
        if m.modifier or not m.in_theatre:
            continue
        out.append(m)
    return out


def _side_inside(s: Sentence, start: int, end: int) -> str | None:
    """A side named inside a span of the sentence ('shows Russian forces in')."""
    inside = [x for x in s.sides if start <= x[0] and x[1] <= end]
    return inside[-1][2] if inside else None


def _others(events: Events, side: str | None) -> str | None:
    """The one other side of the scenario, if there is exactly one."""
    others = [c for c in events.sides if c != side]
    return others[0] if side is not None and len(others) == 1 else None


class Advances:
    """'Russian forces advanced near X', 'made gains west of X', 'footage shows ... in X'."""

    def __init__(self, events: Events) -> None:
        self.events = events

    def read(self, ctx: Context) -> None:
        s = ctx.s
        for m in ADVANCE.finditer(s.text):
            targets = front_targets(s, m.end("prep"))
            if not targets:
                continue
            if NEGATION.search(_clause_head(s.text, m.start())):
                continue  # 'did not advance near X', 'tried to advance': Fighting reads it
            side = _side_inside(s, m.start(), m.end())
            self.events.event(ctx, "advance", m.start(), targets, after=False, side=side)


class Fighting:
    """'Fighting continues near X', 'attacked near A, B and C', 'repelled attacks near X'.

    The side of a ``fighting`` report is the attacker when the text names one ('Russian
    forces attacked near', 'repelled Russian attacks near'), else none.
    """

    def __init__(self, events: Events) -> None:
        self.events = events

    def read(self, ctx: Context) -> None:
        s = ctx.s
        done: set[tuple[int, int]] = set()
        for m in FIGHTING.finditer(s.text):
            self._claim(ctx, m, "", done)
        for m in ATTACK.finditer(s.text):
            # (the side named with what was attacked is the defender's: 'attacked Ukrainian
            # positions near X')
            attacker = _side_inside(s, m.start(), m.start("obj") if m.group("obj") else m.end())
            if attacker is None:
                attacker, _ = Clauses.side_for(s, m.start(), after=False, last_side=None)
            self._claim(ctx, m, attacker or "", done)
        for m in REPELLED.finditer(s.text):
            attacker = _side_inside(s, m.start(), m.end())
            if attacker is None:
                defender, _ = Clauses.side_for(s, m.start(), after=False, last_side=None)
                attacker = _others(self.events, defender)
            self._claim(ctx, m, attacker or "", done)

    def _claim(self, ctx: Context, m: re.Match[str], side: str,
               done: set[tuple[int, int]]) -> None:
        s = ctx.s
        targets = [t for t in front_targets(s, m.end("prep")) if t.span not in done]
        if not targets:
            return
        head = _clause_head(s.text, m.start())
        block = FIGHT_BLOCK.search(head)
        if block and not re.search(r"\b(?:not|n['’]t)\s+advance|\bnot\s+make", m.group(0), re.I):
            ctx.reject(f"fighting: '{block.group(0)}' before the claim")
            return
        done.update(t.span for t in targets)
        self.events.event(ctx, "fighting", m.start(), targets, after=False, side=side,
                          unblocked=True)


class Sieges:
    """'Russian forces encircled X', 'X is surrounded', 'the siege of X'."""

    def __init__(self, events: Events, clauses: Clauses) -> None:
        self.events, self.clauses = events, clauses

    def read(self, ctx: Context) -> None:
        s = ctx.s
        done: set[tuple[int, int]] = set()
        for m in SIEGE_ACTIVE.finditer(s.text):
            targets = [t for t in self.clauses.objects(s, m.end()) if t.in_theatre]
            if targets and not self._blocked(ctx, m.start()):
                self._claim(ctx, m.group("v"), m.start(), targets, after=False)
                done.update(t.span for t in targets)
        for place in s.places:
            if place.span in done or not place.in_theatre or place.modifier:
                continue
            end = place.span[1] - s.span[0]
            passive = SIEGE_PASSIVE.match(s.text[end:])
            if passive and not self._blocked(ctx, end + passive.start("v")):
                self._claim(ctx, passive.group("v"), end + passive.end(), [place], after=True)

    def _blocked(self, ctx: Context, pos: int) -> bool:
        head = _clause_head(ctx.s.text, pos)
        why = SIEGE_BLOCK.search(head) or NEGATION.search(head)
        if why:
            ctx.reject(f"siege: '{why.group(0)}' before the claim")
        return why is not None

    def _claim(self, ctx: Context, verb: str, pos: int, targets: list[Mention], *,
               after: bool) -> None:
        side = None
        if after:  # 'X is surrounded by Russian forces': the agent, or no claim
            side, _ = Clauses.side_for(ctx.s, pos, after=True, last_side=None)
            if side is None:
                ctx.reject("siege: no besieger named")
                return
        self.events.event(ctx, "siege", pos, targets, after=after, side=side,
                          encircled=bool(ENCIRCLED.search(verb)))


def _clause_head(text: str, pos: int) -> str:
    """The words of the clause before ``pos`` (after the last comma, semicolon or dash)."""
    head = text[:pos]
    cut = max(head.rfind(c) for c in ",;:—–()")
    return head[cut + 1:] if cut >= 0 else head
