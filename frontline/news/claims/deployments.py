"""Deployments: "North Korean troops have been deployed to the Kursk region".

Troops of a side (or foreign troops, counted with the side that holds the region)
sent, arrived or stationed in a region of the theatre, with their count when the
sentence gives one. No change of control.
"""

from __future__ import annotations

import re

from frontline.errors import UnknownRegion
from frontline.geo.geocode import Gazetteer
from frontline.news.claims import Context
from frontline.news.claims.clauses import Clauses
from frontline.news.claims.evidence import Found, Reporter
from frontline.news.mentions import Mention
from frontline.news.patterns import DEPLOY, NEGATION, Grammar
from frontline.news.vocabulary import Vocabulary

__all__ = ["Deployments"]


class Deployments:
    """Troops deployed to a region, from a sentence with a deployment verb.

    Parameters
    ----------
    gazetteer : Gazetteer
    vocabulary : Vocabulary
    grammar : Grammar
    clauses : Clauses
    reporter : Reporter
    sides : dict
        Country code -> the scenario's side id.
    """

    def __init__(self, gazetteer: Gazetteer, vocabulary: Vocabulary, grammar: Grammar,
                 clauses: Clauses, reporter: Reporter, sides: dict[str, str]) -> None:
        self.gaz, self.vocab, self.force = gazetteer, vocabulary, grammar.force
        self.clauses, self.reporter, self.sides = clauses, reporter, sides

    def read(self, ctx: Context) -> None:
        s = ctx.s
        if not DEPLOY.search(s.text):
            return  # no deployment verb: no deployment (and the force pattern is slow)
        for m in self.force.finditer(s.text):
            who = " ".join((m.group("who") or "").split())
            if not who and not m.group("count"):
                continue  # 'troops' alone is whoever the sentence is about: too loose
            verb = DEPLOY.search(s.text, max(0, m.start() - 40))
            if verb is None or verb.start() > m.end() + 60:
                continue
            region = self._region(ctx, m)
            if region is None or region.region is None:
                continue
            why = self.clauses.blocked(s, min(m.start(), verb.start()))
            if why is None and verb.start() > m.end():
                # 'troops are expected to arrive': the words between the troops and the verb
                gap = s.text[m.end():verb.start()]
                hit = NEGATION.search(gap)
                why = f"'{hit.group(0)}' before the claim" if hit else None
            if why:
                ctx.reject(f"deployment: {why}")
                continue
            self._report(ctx, m, who, region)

    def _region(self, ctx: Context, m: re.Match[str]) -> Mention | None:
        """The region the troops are in: the nearest the sentence names, else the region
        of its first place."""
        s = ctx.s
        regions = [r for r in s.regions if r.region is not None and r.in_theatre]
        if regions:
            return min(regions, key=lambda r: abs(r.span[0] - s.span[0] - m.end()))
        places = [p for p in s.places if p.in_theatre and p.place is not None]
        if not places:
            return None
        place = places[0].place
        assert place is not None
        if not place.admin1_name:
            return None
        try:
            r = self.gaz.region(place.admin1_name, country=place.country)
        except UnknownRegion:
            return None
        return Mention(place.admin1_name, places[0].span, "region", r.label(), r.country, True,
                       region=r)

    def _report(self, ctx: Context, m: re.Match[str], who: str, region: Mention) -> None:
        s = ctx.s
        assert region.region is not None and ctx.article.published is not None
        country = self.vocab.side_words.get(who.lower()) if who else None
        if country is None and not who:  # 'Russia has moved 50,000 troops'
            country, _ = self.clauses.side_for(s, m.start(), after=False, last_side=None)
            if country is None and ctx.foreign and re.match(
                    r"\s*from\s+(?:the|that|this)\s+(?:[\w-]+\s+){0,2}(?:state|country|nation|"
                    r"regime|ally)\b", s.text[m.end():]):
                country = ctx.foreign  # '10,000 soldiers from the reclusive state'
            who = self.vocab.demonyms.get(country or "", "")
        if country in self.sides and m.group("who"):
            return  # 'Russian forces are now in ...': a side's own forces, not a deployment
        side = self.sides.get(country or "") or self.sides.get(region.region.country)
        if side is None:
            return
        count = None
        if m.group("count"):
            digits = re.sub(r"[^\d.]", "", m.group("count"))
            if digits:
                count = int(float(digits) * (1000 if "thousand" in m.group("count") else 1))
        found = Found([], [f"{who} forces in {region.resolved}: with the side holding it"
                           if country not in self.sides else f"{who} forces"])
        date = self.reporter.date(s, m.start(), ctx.article.published, found)
        force = f"{who} {' '.join(m.group('what').split())}".strip()
        region_name = region.region.name if not region.text else region.text + " region"
        ctx.found.append(self.reporter.report(
            ctx.article, s, "deployment", side, found, resolved=region.resolved, date=date,
            region=region.region, region_name=region_name, force=force, count=count))
