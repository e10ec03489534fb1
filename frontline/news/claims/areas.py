"""Rates and areas: "14 square kilometres a day in September", "holds 1,294 km² of Kursk".

A figure of area becomes an ``advance_rate`` when it is gained or lost over a period
('N a day/week/month', 'N in October', 'N since the start of the month'), each figure
with its own period; an ``area_held`` when a side holds or controls it in a region.
Square miles are converted; a conversion in brackets after a figure is not a figure;
percentages are not areas.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable

from frontline.geo.places import Region
from frontline.news.claims import Context
from frontline.news.claims.clauses import Clauses
from frontline.news.claims.evidence import Found, Penalty, Reporter
from frontline.news.dates import DateRef
from frontline.news.mentions import Mention, Sentence
from frontline.news.patterns import (
    AREA,
    BASE,
    BOTH_SIDES,
    COMPARED,
    GAIN,
    HOLD,
    IN_DURATION,
    LOSS,
    OTHER_EVENT,
    PER,
    PERCENT,
    SIDE_GAINS,
    TOOK_CONTROL,
)
from frontline.news.syntax import Figure, Syntax
from frontline.thresholds import MAX_RATE_PERIOD_DAYS

__all__ = ["SQ_MILE_KM2", "Areas"]

#: One square mile in km².
SQ_MILE_KM2 = 2.589988110336


#: The days in a figure's unit of time ('a day', 'a week', 'a month').
PER_DAYS = {"day": 1.0, "week": 7.0, "month": 30.4375}


def _number(text: str) -> float:
    return float(re.sub(r"[,\u202f\u00a0 ]", "", text))


class Areas:
    """Advance rates and areas held, from the figures of area in a sentence.

    Parameters
    ----------
    clauses : Clauses
    reporter : Reporter
    sides : dict
        Country code -> the scenario's side id.
    countries : tuple of str
        The theatre.
    syntax : Syntax, optional
        A parser: where the rules find no unit of time or period right after a figure,
        the figure's verb and clause give them (:mod:`frontline.news.syntax`).
    """

    def __init__(self, clauses: Clauses, reporter: Reporter, sides: dict[str, str],
                 countries: tuple[str, ...], syntax: Syntax | None = None,
                 regions: Callable[[str, str | None], Region | None] | None = None) -> None:
        self.clauses, self.reporter = clauses, reporter
        self.sides, self.countries = sides, countries
        self.syntax = syntax
        #: a region by name (:meth:`MentionFinder.region`): 'in Kursk' for the Kursk region
        self.regions = regions

    def read(self, ctx: Context) -> None:
        s = ctx.s
        quantities: list[re.Match[str]] = []
        for m in AREA.finditer(s.text):
            if quantities and re.fullmatch(r"\s*\(\s*(?:about\s+|some\s+|around\s+|roughly\s+)?",
                                           s.text[quantities[-1].end():m.start()]):
                continue  # '14 square kilometres (5.4 sq miles)': the conversion
            quantities.append(m)
        for k, m in enumerate(quantities):
            # its own period lies before the next figure
            upto = quantities[k + 1].start() if k + 1 < len(quantities) else len(s.text)
            self._figure(ctx, m, upto)

    def _figure(self, ctx: Context, m: re.Match[str], upto: int) -> None:
        """One figure of area: a rate, an area held, or nothing."""
        s = ctx.s
        value = _number(m.group("num")) * (1000 if m.group("thousand") else 1)
        miles = m.group("unit").lower().replace(".", "").startswith(
            ("square mi", "sq mi", "sqmi"))
        if miles:
            value *= SQ_MILE_KM2
        tail = s.text[m.end():]
        if PERCENT.match(tail):
            return
        clause_start = max(s.text[:m.start()].rfind(c) for c in ";—–") + 1
        per, dur = PER.match(tail), IN_DURATION.match(tail)
        fig = self.syntax.figure(s.text, m.start(), m.end()) if self.syntax else None
        unit = ((per.group("u") or "day") if per else None) or (fig.per if fig else None)
        kind = self._kind(s.text, clause_start, m, unit, dur)
        if kind == "area_held" and TOOK_CONTROL.search(s.text[clause_start:m.start()]) and any(
                not d.exact for d in s.dates):
            kind = "advance_rate"  # 'between September 1 and 30, Russia took control of N'
        if kind is None and fig is not None and fig.gained and fig.period is not None:
            kind = "advance_rate"  # 'in the past seven days a further 3 km² were added'
        if kind is None:
            return
        why = self.clauses.blocked(s, m.start())
        if why:
            ctx.reject(f"{kind}: {why}")
            return
        found = Found([], [f"{m.group(0)}" + (" = " + f"{value:,.1f} km²"
                                              if "mi" in m.group("unit").lower() else "")])
        if kind == "advance_rate" and BOTH_SIDES.search(s.text[clause_start:m.end() + 40]):
            ctx.reject(f"advance_rate: {m.group(0)} changed hands (both sides' gains)")
            return
        ref = self._period(s, m, upto, fig) if kind == "advance_rate" else None
        side = self._side(ctx, m, found, loss=bool(LOSS.search(s.text[clause_start:m.start()])),
                          rate=kind == "advance_rate", event_side=ref.side if ref else "")
        if side is None:
            return
        if kind == "area_held":
            self._area_held(ctx, m, upto, value, side, found)
            return
        why = self._rate(ctx, m, upto, value, unit, dur, side, found, ref)
        if why:
            ctx.reject(f"advance_rate: {why}")
        else:
            self._base(ctx, m, upto, unit, side, found)

    def _base(self, ctx: Context, m: re.Match[str], upto: int, per: str | None, side: str,
              found: Found) -> None:
        """The base of a comparison after a rate, in the rate's own measure: '18 km² a day
        in August, up from 14 in July' is also 14 km² a day in July; and a second figure
        joined to it: '610 km² in October and 725 in November' is also 725 in November."""
        s = ctx.s
        b, _ = _compared(s, m, upto)
        if b is None:
            return
        at = m.end() + b.end()
        ref = _base_date(s, m, b, period=True)
        if ref is None or (b.group("cmp").lower() == "and" and not re.fullmatch(
                r"\s*(?:(?:in|during|over|for)\s+)?", s.text[at:ref.span[0]], re.I)):
            return  # ('and 14 villages in October': no figure of the same measure)
        value = _number(b.group("num"))
        days = (ref.end - ref.start).days + 1
        if not per and days > MAX_RATE_PERIOD_DAYS:
            return
        rate = value / PER_DAYS[per.lower()] if per else value / days
        base = found.copy()
        said = s.text[m.end() + b.start("cmp"):ref.span[1]]
        what = "a second figure" if b.group("cmp").lower() == "and" else "the base of a comparison"
        base.notes = [f"{b.group('num')} in the measure of '{m.group(0)}'", f"{what}: '{said}'"]
        ctx.found.append(self.reporter.report(ctx.article, s, "advance_rate", side, base,
                                              pos=m.end() + b.start("num"),
                                              start=ref.start, end=ref.end,
                                              rate_km2_per_day=round(rate, 3)))

    @staticmethod
    def _kind(text: str, clause_start: int, m: re.Match[str], per: str | None,
              dur: re.Match[str] | None) -> str | None:
        """What a figure is: 'advance_rate', 'area_held', or None (an area and no more)."""
        clause = text[clause_start:m.end() + 120]
        kind = None
        if per or dur or GAIN.search(clause) or LOSS.search(clause):
            kind = "advance_rate"
        hold = HOLD.search(text[clause_start:m.start()])
        if hold and not per and not dur and not LOSS.search(
                text[clause_start:clause_start + hold.start()][-12:]):
            # ('lost control of N km²' is a loss, not an area held)
            kind = "area_held"
        return kind

    def _side(self, ctx: Context, m: re.Match[str], found: Found, *, loss: bool,
              rate: bool, event_side: str = "") -> str | None:
        """The scenario side a figure is about (a loss: the other side's gain), or None
        (the claim rejected when no side is named): the side whose gains or advances the
        sentence names ('saw larger Russian advances'), else the one named before it, after
        it, the side of the event its period counts from ('since the counteroffensive
        began'), the one an earlier sentence named."""
        s = ctx.s
        gains = [x for x in s.sides if SIDE_GAINS.match(s.text[x[1]:])]
        side: str | None = gains[0][2] if gains else None
        in_sentence = True
        if side is None:
            side, in_sentence = self.clauses.side_for(s, m.start(), after=False, last_side=None)
        if side is None and event_side:
            side, in_sentence = event_side, True
            found.notes.append("side: the event its period counts from")
        if side is None and ctx.last_side:
            side, in_sentence = ctx.last_side, False
        if side is None:
            side, in_sentence = self.clauses.side_for(s, m.end(), after=True, last_side=None)
        kind = "advance_rate" if rate else "area_held"
        if side is None:
            ctx.reject(f"{kind}: no side named")
            return None
        if not in_sentence:
            found.penalties.append(Penalty.SIDE_FROM_CONTEXT)
        if loss:
            others = [c for c in self.sides if c != side and c in self.countries]
            if not rate or len(others) != 1:
                return None
            found.notes.append(f"a loss of {side} is a gain of {others[0]}")
            side = others[0]
        return self.sides.get(side)

    @staticmethod
    def _period(s: Sentence, m: re.Match[str], upto: int, fig: Figure | None
                ) -> DateRef | None:
        """The period a quantity is about: the first one after it before the next quantity
        ('725 km² in November, up from 610 km² in October'), else the one of its clause
        when a parse says which, else the nearest; never the date of something else
        ('after launching its offensive in August') nor that of a comparison's base."""
        # (a comparison's base after the figure has its own period: 'In one month, Russia
        # took 447 km², down from 594 in August' is not 447 in August)
        _, base_at = _compared(s, m, upto)
        periods = [d for d in s.dates if (not d.exact or d.since) and not OTHER_EVENT.search(
            s.text[max(0, d.span[0] - 60):d.span[0]]) and not (
            d.span[0] > m.end() and COMPARED.search(s.text[max(0, d.span[0] - 30):d.span[0]]))
            and not d.span[0] >= base_at]
        # 'February (410 km²) and March (530 km²)': the period the brackets follow
        bracketed = [d for d in periods if re.fullmatch(r"\s*\(\s*(?:about\s+|some\s+|"
                                                         r"around\s+|roughly\s+)?",
                                                         s.text[d.span[1]:m.start()])]
        if bracketed:
            return bracketed[0]
        # a calendar period wins over one counted from an event ('since a counteroffensive
        # began ... since the beginning of September')
        own = sorted((d for d in periods if m.end() <= d.span[0] < upto),
                     key=lambda d: (bool(d.event), d.span))
        if own:
            return own[0]
        if fig is not None and fig.period is not None:
            a, b = fig.period
            mine = [d for d in periods if a <= d.span[0] < b]
            if mine:
                return mine[0]
        return min(periods, key=lambda d: abs(d.span[0] - m.end())) if periods else None

    def _rate(self, ctx: Context, m: re.Match[str], upto: int, value: float,
              per: str | None, dur: re.Match[str] | None, side: str,
              found: Found, ref: DateRef | None) -> str | None:
        """Report the rate a quantity gives over its period ``ref``; or say why it gives
        none."""
        published = ctx.article.published
        assert published is not None
        if per:
            rate = value / PER_DAYS[per.lower()]
            if ref is not None:
                start, end = ref.start, ref.end
                found.notes.append(f"period: '{ref.text}'")
            else:
                start, end = published.replace(day=1), published
                if start == end:
                    start = end - dt.timedelta(days=6)
                found.penalties.append(Penalty.NO_PERIOD)
                found.notes.append("period: none given; the month of publication so far")
        else:
            span = self._span(ctx.s, ref, dur, published, found)
            if span is None:
                return None  # an area with no period is not a rate
            start, end, days = span
            if days > MAX_RATE_PERIOD_DAYS:
                return f"{m.group(0)} over {days} days is a cumulative total, not a rate"
            rate = value / days
        ctx.found.append(self.reporter.report(ctx.article, ctx.s, "advance_rate", side, found,
                                              pos=m.start(),
                                              start=start, end=end,
                                              rate_km2_per_day=round(rate, 3)))
        return None

    @staticmethod
    def _span(s: Sentence, ref: DateRef | None, dur: re.Match[str] | None, published: dt.date,
              found: Found) -> tuple[dt.date, dt.date, int] | None:
        """The first and last day, and the days, of a total over a period ('in a week',
        'in October', 'over the past seven days'); None without a period."""
        days = None
        if dur:
            unit = (dur.group("u") or dur.group("u2")).lower().rstrip("s")
            n = int(dur.group("n")) if dur.group("n") else 1
            days = n * {"day": 1, "week": 7, "month": 30}[unit]
        if ref is not None:
            start, end = ref.start, ref.end
            if days is None and start <= published < end:
                # a period still under way when it was written ('in November', on November
                # 6): the total so far
                end, days = published, (published - start).days + 1
                found.notes.append(f"period: '{ref.text}' up to publication")
            elif days is None:
                days = ref.days
                found.notes.append(f"period: '{ref.text}'")
            else:
                start = end - dt.timedelta(days=days - 1)
                found.notes.append(f"period: {days} days ending with '{ref.text}'")
            return start, end, days
        if days is None:
            return None
        anchor = [d for d in s.dates if d.exact]
        end = anchor[0].end if anchor else published
        found.notes.append(f"period: the {days} days up to "
                           + (f"'{anchor[0].text}'" if anchor else "publication"))
        return end - dt.timedelta(days=days - 1), end, days

    def _area_held(self, ctx: Context, m: re.Match[str], upto: int, value: float, side: str,
                   found: Found) -> None:
        """An area held in a region; a comparison's base after it ('600 km² in Kursk, down
        from 1,300 in August') is the area held at the end of its own period."""
        s = ctx.s
        region = self._region(ctx, m, found)
        if region is None or region.region is None:
            return
        origin = self._origin(ctx.sentences, region)
        assert ctx.article.published is not None
        compared, base_at = _compared(s, m, upto)
        own = dataclasses.replace(s, dates=[d for d in s.dates if d.span[0] < base_at])
        base = found.copy()
        date = self.reporter.date(own, m.start(), ctx.article.published, found)
        if origin is not None:
            found.notes.append(f"origin: {origin.text}, the article's first place in the "
                               "region")

        def held(found: Found, pos: int, day: dt.date, km2: float) -> None:
            assert region is not None
            ctx.found.append(self.reporter.report(
                ctx.article, s, "area_held", side, found, pos=pos, resolved=region.resolved,
                date=day, area_km2=round(km2, 1), region=region.region,
                region_name=region.text + " region", place=origin.place if origin else None,
                place_name=origin.text if origin else ""))

        held(found, m.start(), date, value)
        if compared is None or compared.group("cmp").lower() == "and":
            return
        ref = _base_date(s, m, compared, period=False)
        if ref is None or ref.end >= date:
            return
        base.notes = [f"{compared.group('num')} in the measure of '{m.group(0)}'",
                      f"the base of a comparison: '{s.text[base_at:ref.span[1]]}'",
                      *(n for n in base.notes if n.startswith("region:")),
                      f"date: end of '{ref.text}'"]
        held(base, m.end() + compared.start("num"), ref.end, _number(compared.group("num")))

    def _region(self, ctx: Context, m: re.Match[str], found: Found) -> Mention | None:
        """The region an area is held in: named in the sentence (after the figure first), a
        region's capital named for it right after the figure ('600 km² in Kursk'), or
        'there' after one named in the sentences just before."""
        s = ctx.s
        base = s.span[0]
        regions = [r for r in s.regions if r.region is not None]
        after = [r for r in regions if r.span[0] - base >= m.end()]
        region: Mention | None = (after or regions)[0] if (after or regions) else None
        if region is None:
            region = self._capital_for_region(ctx, m, found)
        if region is None and re.search(r"\bthere\b|\b(?:in|of)\s+the\s+region\b",
                                        s.text[m.end():]):
            # '... still hold about 800 square kilometres there': the region named just before
            i = ctx.index
            earlier = next(([r for r in x.regions if r.region is not None]
                            for x in reversed(ctx.sentences[max(0, i - 3):i])
                            if any(r.region is not None for r in x.regions)), [])
            if earlier:
                region = earlier[-1]
                found.penalties.append(Penalty.REGION_FROM_CONTEXT)
                found.notes.append(f"region: {region.text}, named in the sentence before")
        return region

    def _capital_for_region(self, ctx: Context, m: re.Match[str], found: Found
                            ) -> Mention | None:
        """'hold 600 km² in Kursk': a place right after the figure ('in' or 'of' it) that
        gives its name to its own region stands for the region (an area held is never a
        town's)."""
        if self.regions is None:
            return None
        s = ctx.s
        for p in s.places:
            at = p.span[0] - s.span[0]
            if p.place is None or not p.in_theatre or at < m.end() or not re.fullmatch(
                    r"[^.;,]{0,40}?\b(?:in|of)\s+(?:Russia['’]s\s+|Ukraine['’]s\s+)?",
                    s.text[m.end():at], re.I):
                continue
            region = self.regions(p.text, p.place.country)
            if region is None or region.geonames_code != p.place.admin1:
                continue
            found.notes.append(f"region: {p.text}, the city's region ({region.label()})")
            return dataclasses.replace(p, kind="region", resolved=region.label(), region=region)
        return None

    @staticmethod
    def _origin(sentences: list[Sentence], region: Mention) -> Mention | None:
        """The article's first named place in the region, where an incursion starts."""
        assert region.region is not None
        for sent in sentences:
            for p in sent.places:
                if p.place is not None and p.place.admin1 in region.region.codes:
                    return p
        return None


def _compared(s: Sentence, m: re.Match[str], upto: int) -> tuple[re.Match[str] | None, int]:
    """A comparison's base (or a second figure) after the figure ``m`` and before ``upto``,
    and where it begins (the sentence's end without one): the dates from there on are its
    own, not the figure's ('447 km², down from 594 in August')."""
    b = BASE.match(s.text[m.end():upto])
    return b, (m.end() + b.start("cmp") if b else len(s.text))


def _base_date(s: Sentence, m: re.Match[str], b: re.Match[str], *, period: bool
               ) -> DateRef | None:
    """The date right after a comparison's base ``b`` (of the figure ``m``): a period only
    when ``period`` (a rate's base), any date for an area held's."""
    at = m.end() + b.end()
    return next((d for d in s.dates if at <= d.span[0] <= at + 12
                 and (not period or not d.exact or d.since)), None)
