"""Captures and withdrawals: a side took a place, or left it (or a whole region).

Active ("Russian forces captured X", "took control of A and B", "completed the
capture of X") and passive forms ("X fell to", "X was liberated from the Russian
army", "X came under Russian control"); "the city" for the place named before it;
withdrawals "from", "out of", "the withdrawal of troops from", and from whole
regions. Every target of a claim becomes a report through :class:`Events`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from frontline.news.claims import Context
from frontline.news.claims.clauses import Clauses
from frontline.news.claims.evidence import Found, Penalty, Reporter
from frontline.news.mentions import Mention, MentionFinder, noted
from frontline.news.patterns import (
    ADJECTIVAL,
    CAPTURE_ACTIVE,
    CAPTURE_PASSIVE,
    FLAG,
    HEDGE,
    IT_FELL,
    LEFT,
    LOST,
    STILL_FIGHTING,
    TAKEN_BACK,
    WITHDRAW,
    Q,
)
from frontline.news.vocabulary import Vocabulary
from frontline.scenario import Report
from frontline.thresholds import FRONT_REACH_KM, NAMESAKE_POPULATION

__all__ = ["Captures", "Events", "Withdrawals"]

#: Verbs of capture that may have no object: 'took' and 'entered' alone say nothing.
_BARE_VERBS = ("took", "taken", "take", "takes", "entered")


class Events:
    """Makes the reports of a capture or withdrawal claim: one per place (or region) it
    names, each with its side, date, evidence and confidence.

    Parameters
    ----------
    finder : MentionFinder
        For distances to the front and places that turn out unresolved.
    clauses : Clauses
    reporter : Reporter
    sides : dict
        Country code -> the scenario's side id.
    """

    def __init__(self, finder: MentionFinder, clauses: Clauses, reporter: Reporter,
                 sides: dict[str, str]) -> None:
        self.finder, self.clauses, self.reporter = finder, clauses, reporter
        self.sides = sides

    def event(self, ctx: Context, kind: str, pos: int, targets: Sequence[Mention], *,
              after: bool, side: str | None = None, check_at: int | None = None,
              penalty: Penalty | None = None, unblocked: bool = False, **fields: Any) -> None:
        """Report ``kind`` (by the side acting at ``pos``) on each of ``targets``.

        ``side``: given, or ``''`` for none (fighting with no attacker named); else found
        in the text. ``unblocked``: the caller has already checked the words before the
        claim; ``fields``: more of the report's fields (a siege's ``encircled``).
        """
        s = ctx.s
        why = None if unblocked else self._blocked(ctx, pos, after=after, check_at=check_at)
        if why:
            ctx.reject(f"{kind}: {why}")
            return
        found = Found([penalty] if penalty else [], [])
        hedge = HEDGE.search(s.text[:pos])
        if hedge:
            found.penalties.append(Penalty.HEDGED)
            found.notes.append(f"hedged: '{hedge.group(0)}'")
        in_sentence = True
        spoken = self.clauses.speaker(s, pos) if side is None and not after else None
        if spoken is not None:  # 'its troops': the speaker's, else the earlier sentence's
            side, in_sentence = spoken
            if side is None and ctx.last_side:
                side = ctx.last_side
        if side is None:
            side, in_sentence = self.clauses.side_for(s, pos, after=after, last_side=None)
            if side is None:
                side, in_sentence = self.clauses.side_for(s, pos, after=not after,
                                                          last_side=ctx.last_side)
        if side is None:
            ctx.reject(f"{kind}: no side named")
            return
        if not in_sentence:
            found.penalties.append(Penalty.SIDE_FROM_CONTEXT)
            found.notes.append("side from an earlier sentence")
        side_id = self.sides.get(side) if side else ""
        if side_id is None:
            ctx.reject(f"{kind}: {side} is not a side of the scenario")
            return
        assert ctx.article.published is not None
        # (a list of places runs on past the verb's clause: 'took A, B and C on Monday')
        until = max((t.span[1] - s.span[0] for t in targets), default=pos)
        date = self.reporter.date(s, pos, ctx.article.published, found, until=until)
        for t in targets:
            report = self._target(ctx, kind, side_id, t, date, found, {**fields, "pos": pos})
            if report is not None:
                ctx.found.append(report)

    def _blocked(self, ctx: Context, pos: int, *, after: bool, check_at: int | None
                 ) -> str | None:
        """Why the claim gives no report: negation or doubt before it, or taken back."""
        why = self.clauses.blocked(ctx.s, pos if check_at is None else check_at)
        if why is None and after:
            why = self.clauses.blocked(ctx.s, pos)
        taken_back = TAKEN_BACK.search(ctx.s.text)
        if why is None and taken_back:
            why = f"'{taken_back.group(0)}': taken back or unconfirmed"
        return why

    def _target(self, ctx: Context, kind: str, side: str, t: Mention, date: dt.date,
                found: Found, fields: dict[str, Any]) -> Report | None:
        """The report about one target: a whole region, a place, or a place the gazetteer
        lacks (or none, for a large place too far from the scenario's front)."""
        article, s = ctx.article, ctx.s
        if t.kind == "region" and t.region is not None:  # the whole region
            mine = found.copy()
            mine.notes.append(f"{t.text} -> {t.resolved}")
            return self.reporter.report(article, s, kind, side, mine, resolved=t.resolved,
                                        region=t.region, region_name=f"{t.text} region",
                                        date=date, **fields)
        far = self.finder.front_km(t.place) if t.place is not None else None
        if far is not None and far > FRONT_REACH_KM and t.place is not None:
            if t.place.population >= NAMESAKE_POPULATION:
                ctx.reject(f"{kind}: {t.resolved} is {far:,.0f} km from the scenario's front")
                return None
            # a village that far is a namesake of one the gazetteer lacks
            t = self.finder.unresolved(t.text, *t.span, None,
                                       f"its namesake {t.resolved} is {far:,.0f} km from the "
                                       "scenario's front")
        mine = found.copy()
        if t.unresolved:
            mine.notes.append(f"{t.text}: {t.note}")
            return self.reporter.report(article, s, kind, side, mine, lacks=True,
                                        place_name=t.text, region=t.region,
                                        region_name=t.region.label() if t.region else "",
                                        date=date, **fields)
        self.reporter.place_fields(t, mine)
        return self.reporter.report(article, s, kind, side, mine, resolved=t.resolved,
                                    place=t.place, place_name=t.text, date=date, **fields)


class Captures:
    """'Russian forces captured X', 'X fell to', 'the town fell on Sunday'."""

    def __init__(self, events: Events, vocabulary: Vocabulary, countries: Sequence[str]
                 ) -> None:
        self.events, self.clauses = events, events.clauses
        self.vocab, self.countries = vocabulary, tuple(countries)

    def read(self, ctx: Context) -> None:
        handled: set[tuple[int, int]] = set()
        self._active(ctx, handled)
        self._passive(ctx, handled)
        self._it_fell(ctx)
        self._flag(ctx, handled)

    def _flag(self, ctx: Context, handled: set[tuple[int, int]]) -> None:
        """'The Russian flag now flies over X': the flag's side took X."""
        s = ctx.s
        for m in FLAG.finditer(s.text):
            side = self.vocab.side_words.get(m.group("adj").lower())
            targets = [t for t in self.clauses.objects(s, m.end()) if t.in_theatre
                       and t.span not in handled]
            if side and targets:
                self.events.event(ctx, "capture", m.start(), targets, after=False, side=side)
                handled.update(t.span for t in targets)

    def _active(self, ctx: Context, handled: set[tuple[int, int]]) -> None:
        s = ctx.s
        for m in CAPTURE_ACTIVE.finditer(s.text):
            if ADJECTIVAL.search(s.text[:m.start()]):
                continue  # 'the occupied city of Donetsk' names a place, it reports nothing
            verb = m.group("v").lower()
            targets = [t for t in self.clauses.objects(s, m.end()) if t.in_theatre]
            if not targets and verb not in _BARE_VERBS:
                # 'withdrew from the city' named before, or 'recaptured a village. X, ...'
                targets = (self.clauses.antecedent(s, m.start(), m.end(), ctx.prev)
                           or self.clauses.named_next(s, m.end(), ctx.nxt))
            if not targets:
                continue
            if verb == "entered" and STILL_FIGHTING.search(s.text):
                ctx.reject("capture: entered, with fighting going on")
                continue
            self.events.event(ctx, "capture", m.start(), targets, after=False,
                              penalty=Penalty.ENTERED if verb == "entered" else None)
            handled.update(t.span for t in targets)

    def _passive(self, ctx: Context, handled: set[tuple[int, int]]) -> None:
        s = ctx.s
        for place in s.places:
            if place.span in handled or not place.in_theatre or place.modifier:
                continue
            passive = CAPTURE_PASSIVE.match(s.text[place.span[1] - s.span[0]:])
            if not passive:
                continue
            pos = place.span[1] - s.span[0] + passive.end()
            # 'X, which was taken by ...': the clause is about X alone
            subjects = [] if passive.group("rel") else [
                t for t in self.clauses.subjects(s, place.span[1] - s.span[0])
                if t.in_theatre and t.span not in handled]
            side = self._taker(ctx, (passive.group("adj") or "").lower(), pos)
            self.events.event(ctx, "capture", pos, subjects or [place], after=True, side=side,
                              check_at=place.span[0] - s.span[0])
            handled.update(t.span for t in subjects or [place])

    def _taker(self, ctx: Context, adjective: str, pos: int) -> str | None:
        """The side a passive capture names: 'came under Russian control', or the other
        side of the one it was 'liberated from'."""
        if adjective in self.vocab.side_words:
            return self.vocab.side_words[adjective]
        s = ctx.s
        if re.match(r"\s*by\s+(?:the\s+)?(?:enemy|occupiers|invaders|aggressor)\b", s.text[pos:]):
            # 'X has been occupied by the enemy, Ukraine's general staff admitted': the other
            # side of the one who says it (the first side acting, else the first named)
            said = [x for x in s.sides if x[3]] or s.sides
            return self._other(said[0][2]) if said else None
        taker = [x for x in s.sides if x[0] >= pos]
        if taker and re.fullmatch(rf"\s*{Q}\s*from\s+(?:the\s+)?", s.text[pos:taker[0][0]]):
            return self._other(taker[0][2])  # 'liberated from the Russian army'
        return None

    def _other(self, side: str) -> str | None:
        """The one other side among the theatre's countries, if there is exactly one."""
        others = [c for c in self.events.sides if c != side and c in self.countries]
        return others[0] if len(others) == 1 else None

    def _it_fell(self, ctx: Context) -> None:
        s = ctx.s
        for m in IT_FELL.finditer(s.text):  # 'adding that the town fell on Sunday'
            named = [p for p in s.places if p.in_theatre and not p.modifier
                     and p.span[1] - s.span[0] <= m.start()]
            if named:
                target = noted(named[-1], "named earlier in the sentence", from_context=True)
                self.events.event(ctx, "capture", m.end(), [target], after=True,
                                  check_at=m.start())


class Withdrawals:
    """'Ukrainian troops withdrew from X', 'pulled out of', 'from the Kyiv region'."""

    def __init__(self, events: Events) -> None:
        self.events, self.clauses = events, events.clauses

    def read(self, ctx: Context) -> None:
        s = ctx.s
        for m in WITHDRAW.finditer(s.text):
            if not self._withdraws(ctx, m):
                continue
            targets = ([t for t in self.clauses.objects(s, m.end()) if t.in_theatre]
                       or self.clauses.antecedent(s, m.start(), m.end(), ctx.prev))
            including = re.match(r"[^.;]{0,80}?,\s*including\s+(?:from\s+)?", s.text[m.end():])
            if not targets and including:  # 'from the west bank, including from Kherson'
                targets = [t for t in self.clauses.objects(s, m.end() + including.end())
                           if t.in_theatre]
            if not targets:  # 'withdrew from the Kyiv and Chernihiv regions': whole regions
                targets = self.clauses.region_objects(s, m.end())
            if targets:
                self.events.event(ctx, "withdrawal", m.start(), targets, after=False)
        # 'Ukrainian troops left Avdiivka', 'were forced to leave X', 'abandoned their
        # positions in X'; 'Ukraine lost control of X'
        for m in [*LEFT.finditer(s.text), *LOST.finditer(s.text)]:
            end = m.end("at") if m.groupdict().get("at") else m.end("v")
            targets = ([t for t in self.clauses.objects(s, end) if t.in_theatre]
                       or self.clauses.antecedent(s, m.start("v"), end, ctx.prev))
            if targets:
                self.events.event(ctx, "withdrawal", m.start("v"), targets, after=False)

    @staticmethod
    def _withdraws(ctx: Context, m: re.Match[str]) -> bool:
        """Whether a match of the withdrawal verbs is a withdrawal from somewhere."""
        verb = m.group("v").lower()
        if not m.group("prep") and not verb.startswith("abandon"):
            return False
        if re.search(r"(?:pushed|driven|forced|thrown|knocked)\s+(?:back\s+)?out$", verb) \
                and m.group("prep").strip().lower() != "of":
            return False  # 'pushed out of X'
        if verb.startswith("pull") and not re.search(r"\b(?:out|back)$", verb) and \
                m.group("prep").strip().lower() != "from":
            return False  # 'pulled out of' or 'pulled back from', not 'pulled of'
        # 'abandoned' alone is too common; 'Ukrainian troops abandoned X'
        return not (verb.startswith("abandon")
                    and not any(x[1] <= m.start() and x[3] for x in ctx.s.sides))
