"""The parts of a sentence a claim is made of: who acts, on which places, and what blocks it.

:class:`Clauses` answers, for a verb at a position of a sentence: the side acting
(named before an active verb, after a passive one, else in an earlier sentence),
whether negation or doubt blocks the claim, and the places it acts on (a list
after the verb, the subjects before a passive, the place named before for "the
city", the one opening the next sentence for "a village").
"""

from __future__ import annotations

import re

from frontline.news.mentions import Mention, Sentence, noted
from frontline.news.patterns import (
    ADJ,
    COUNTED_NEAR,
    LOCATOR,
    NEGATION,
    OWN_FORCES,
    QUALIFIER,
    REGION_GAP,
    SAID,
    Grammar,
)
from frontline.news.sentences import statement

__all__ = ["Clauses"]

#: A side named in a sentence: start, end, side code, whether it acts.
SideRef = tuple[int, int, str, bool]


class Clauses:
    """The grammar of a claim within its sentence.

    Parameters
    ----------
    grammar : Grammar
        The vocabulary's patterns (what may stand between a verb and its object).
    """

    def __init__(self, grammar: Grammar) -> None:
        self.grammar = grammar

    @staticmethod
    def side_for(s: Sentence, pos: int, *, after: bool, last_side: str | None
                 ) -> tuple[str | None, bool]:
        """The side acting at ``pos``: nearest before (active) or after (passive); else
        ``last_side`` (from an earlier sentence). The flag says whether it is this
        sentence's."""
        if after:
            refs = [x for x in s.sides if x[0] >= pos]
            if refs:
                return refs[0][2], True
            return (last_side, False) if last_side else (None, False)
        refs = [x for x in s.sides if x[1] <= pos]
        if refs:
            strong = [x for x in refs if x[3]]
            pick = refs[-1]
            if not pick[3] and strong and pick[0] - strong[-1][1] < 3:
                pick = strong[-1]
            return pick[2], True
        if last_side:
            return last_side, False
        return None, False

    @staticmethod
    def speaker(s: Sentence, pos: int) -> tuple[str | None, bool] | None:
        """'Kyiv denied ..., but said its troops had withdrawn from X': the side of whoever
        said it, when the claim's actor is 'its/their troops' (the side's own sentence, or
        None with ``False`` when the sentence names no speaker); None when the actor is not
        written so."""
        a, _ = statement(s.text, pos)
        own = list(OWN_FORCES.finditer(s.text, a, pos))
        if not own:
            return None
        said = list(SAID.finditer(s.text, a, own[-1].start()))
        if not said:
            return None, False
        refs = [x for x in s.sides if a <= x[0] and x[1] <= said[-1].start()]
        if refs:
            return refs[-1][2], True
        # 'Kyiv denied ..., but said its troops ...': the subject of the sentence
        first = [x for x in s.sides if x[1] <= a]
        return (first[0][2], True) if first else (None, False)

    @staticmethod
    def blocked(s: Sentence, pos: int) -> str | None:
        """Why the words before ``pos`` make the claim not a report (negation, 'could', ...)."""
        head = s.text[:pos]
        cut = max(head.rfind(c) for c in ",;:—–()")
        clause = head[cut + 1:] if cut >= 0 else head
        # 'said on Sunday that' does not open a new clause, 'X said, ...' does
        m = NEGATION.search(clause)
        if m:
            return f"'{m.group(0)}' before the claim"
        return None

    def objects(self, s: Sentence, pos: int) -> list[Mention]:
        """Places acted on right after ``pos``: 'captured the villages of A and B'."""
        out: list[Mention] = []
        joins: list[bool] = []  # did the separator before each item say 'and'?
        base = s.span[0]
        masked = self.masked(s)
        opener = ""  # after 'two more villages near X': what must open the list
        for m in s.places:
            start = m.span[0] - base
            if start < pos or m.modifier:
                continue
            gap = masked[pos:start]
            if not out and not opener and COUNTED_NEAR.match(gap):
                pos, opener = m.span[1] - base, ","  # (X says where the list is)
                continue
            if opener:
                if not re.fullmatch(r"\s*[,:]\s*", gap):
                    break
                gap, opener = "", ""  # (the list's first place)
            if out and gap.lstrip().startswith("(") and ")" not in gap:
                continue  # 'Hirnyk (southeast of Pokrovsk) and ...': inside the brackets
            if (self.grammar.list_gap if out else self.grammar.object_gap).match(gap):
                if re.match(r"['’]s\b", s.text[m.span[1] - base:]):
                    break  # 'took X's aggregate plant': a part of it, not the place
                out.append(m)
                joins.append(bool(re.search(r"\band\b|\bas\s+well\s+as\b", gap)))
                pos = m.span[1] - base
                continue
            break
        # 'A, B and C' is a list; 'Kupiansk, the Kharkiv regional council said' is not
        for i in range(1, len(out)):
            if not joins[i] and not any(joins[i + 1:]):
                return out[:i]
        return out

    @staticmethod
    def masked(s: Sentence) -> str:
        """The sentence with its regions and qualifying names blanked out (NUL characters):
        'the \\0\\0\\0 village of' reads as an object's gap."""
        chars = list(s.text)
        spans = [(m.span[0] - s.span[0], m.span[1] - s.span[0])
                 for m in (*s.regions, *[p for p in s.places if p.modifier])]
        spans += [q.span(1) for q in QUALIFIER.finditer(s.text)]  # 'the Kyiv village of'
        for a, b in spans:
            chars[a:b] = "\x00" * (b - a)
        return "".join(chars)

    @staticmethod
    def antecedent(s: Sentence, start: int, end: int, prev: Sentence | None = None
                   ) -> list[Mention]:
        """'withdrew from the city' after naming it: the last place named before the verb
        (or, when the sentence names none, the one place the sentence before named);
        'X, which Russian soldiers seized': the place the clause is about."""
        # a name the gazetteer lacks and nothing binds to a place ('Wagner boss Yevgeny
        # the group's leader announced the seizure of the village') is not what 'the village' means
        before = [p for p in s.places if p.in_theatre and not p.modifier
                  and not (p.unresolved and not p.region) and p.span[1] - s.span[0] <= start]
        if before and re.fullmatch(r"\s*,\s*(?:which|that)\s+(?:[\w'’-]+\s+){0,5}",
                                   s.text[before[-1].span[1] - s.span[0]:start]):
            return [before[-1]]
        if not re.match(r"^\s*(?:the|that)\s+(?:city|town|village|settlement)\b",
                        s.text[end:]):
            return []
        where = "named earlier in the sentence"
        if not before and prev is not None and not any(p.span[1] - s.span[0] <= start
                                                       for p in s.places):
            named = [p for p in prev.places if p.in_theatre and not p.modifier]
            if len({p.resolved or p.text for p in named}) == 1:  # one place, not a choice
                before, where = named, "named earlier, in the sentence before"
        if not before:
            return []
        return [noted(before[-1], where, from_context=True)]

    @staticmethod
    def subjects(s: Sentence, pos: int) -> list[Mention]:
        """Places right before ``pos``: 'A and B were captured'; 'A and B south of C came
        under ...' (C only says where A and B are)."""
        base = s.span[0]
        before = [m for m in s.places if m.span[1] - base <= pos and not m.modifier]
        out: list[Mention] = []
        end = pos
        for i in range(len(before) - 1, -1, -1):
            m = before[i]
            gap = s.text[m.span[1] - base:end]
            if not out:
                if not re.match(r"^\s*(?:,[^,;]{1,80},)?\s*$", gap):
                    break
                if i and LOCATOR.fullmatch(s.text[before[i - 1].span[1] - base:m.span[0] - base]):
                    end = before[i - 1].span[1] - base  # m locates the places before it
                    continue
            elif not re.match(r"^\s*(?:,\s*(?:and\s+)?|and\s+)$", gap):
                break
            out.insert(0, m)
            end = m.span[0] - base
        return out

    @staticmethod
    def named_next(s: Sentence, end: int, nxt: Sentence | None) -> list[Mention]:
        """'recaptured a village on the southern front. Robotyne, in the ...': the place
        that opens the next sentence, when this one names none after the verb."""
        if nxt is None or not re.match(rf"^\s*(?:a|another)\s+(?:{ADJ}\s+){{0,2}}"
                                       r"(?:village|town|city|settlement)\b", s.text[end:]) \
                or any(p.span[0] - s.span[0] >= end for p in s.places):
            return []
        first = [p for p in nxt.places if p.span[0] - nxt.span[0] <= 2 and p.in_theatre
                 and not p.modifier]
        if not first or not re.match(r"^\s*(?:,|\b(?:was|had|has|is|lies)\b)",
                                     nxt.text[first[0].span[1] - nxt.span[0]:]):
            return []
        return [noted(first[0], "named in the next sentence")]

    def region_objects(self, s: Sentence, pos: int) -> list[Mention]:
        """Regions acted on right after ``pos``: 'from the whole Kyiv region', 'from the
        Kyiv and Chernihiv regions' (not 'from positions in the Donetsk region')."""
        out: list[Mention] = []
        for r in s.regions:
            start = r.span[0] - s.span[0]
            if start < pos or r.region is None or not r.in_theatre:
                continue
            gap = s.text[pos:start]
            pattern = self.grammar.list_gap if out else REGION_GAP
            if not pattern.match(gap):
                break
            out.append(r)
            pos = r.span[1] - s.span[0]
        return out
