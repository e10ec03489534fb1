"""Places, regions and sides named in an article, resolved in the article's own context.

:class:`MentionFinder` reads an article sentence by sentence: the regions it names
("the Kursk region", "Kharkiv and Sumy oblasts"), the sides ("Russian forces",
"Ukraine's General Staff", units and officials from the vocabulary), the dates
(:mod:`frontline.news.dates`) and the capitalised names, which it resolves with the
:class:`~frontline.geo.geocode.Gazetteer` preferring the regions and places the
article names. A name the text binds to a region, or says lies near another place,
is looked for there only: when the gazetteer has no such place the mention is
*unresolved*, never a namesake elsewhere.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from frontline.errors import UnknownCountry, UnknownPlace, UnknownRegion
from frontline.geo.geocode import Candidate, Gazetteer, pick
from frontline.geo.names import exact_key
from frontline.geo.places import Place, Region, haversine_km
from frontline.news.articles import Article
from frontline.news.dates import DateRef, find_dates
from frontline.news.patterns import (
    BOUND_BEFORE,
    CAPSEQ,
    DATELINE,
    LOCATIVE,
    NEAR,
    QUALIFIES,
    QUOTED_WORD,
    REGION_LIST,
    REGION_WORD,
    TITLE_BEFORE,
    Grammar,
)
from frontline.news.sentences import split_sentences
from frontline.news.vocabulary import Vocabulary
from frontline.scenario import Front
from frontline.thresholds import (
    FAR_NAMESAKE_KM,
    FAR_NAMESAKE_OTHERS,
    NAMESAKE_POPULATION,
    NEAR_PLACE_KM,
)

__all__ = ["Mention", "MentionFinder", "Sentence", "noted"]


@dataclass(frozen=True)
class Mention:
    """A place, region or country named in an article.

    Attributes
    ----------
    text : str
        As written.
    span : (int, int)
        In the article text.
    kind : str
        ``'place'`` or ``'region'``.
    resolved : str
        What it resolved to (``'Selydove (Donetska oblast, UA)'``), or ``''``.
    country : str
    in_theatre : bool
        False for places outside the theatre's countries (a summit in
        Brussels): they are kept as mentions and produce no reports.
    unresolved : bool
        A name written as a place that the gazetteer lacks (in the region the
        text binds it to, or near the place it is said to be near): claims
        about it go to :attr:`Extraction.unresolved`, never to a namesake.
    modifier : bool
        The name qualifies a noun ('the Kharkiv village of ...', 'the
        Zaporizhzhia nuclear plant'): it is never the object of a claim.
    note : str
        Renamed, spelling variant, best of several, ...
    front_km : float or None
        Distance to the scenario's front, when one is known: a summit in Kazan
        is 1,000 km from it.
    variant, from_context : bool
        Matched as a spelling variant; taken from what the text named before.
    """

    text: str
    span: tuple[int, int]
    kind: str
    resolved: str = ""
    country: str = ""
    in_theatre: bool = True
    note: str = ""
    place: Place | None = field(default=None, compare=False, repr=False)
    region: Region | None = field(default=None, compare=False, repr=False)
    ambiguous: bool = False
    front_km: float | None = None
    unresolved: bool = False
    modifier: bool = False
    #: matched as a spelling variant of a name the gazetteer lists
    variant: bool = False
    #: taken from what the text named before ('withdrew from the city')
    from_context: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain data for YAML and JSON."""
        return {"text": self.text, "span": list(self.span), "kind": self.kind,
                "resolved": self.resolved, "country": self.country,
                "in_theatre": self.in_theatre, "note": self.note,
                "unresolved": self.unresolved,
                "front_km": None if self.front_km is None else round(self.front_km, 1)}



@dataclass
class Sentence:
    """One sentence of an article with what it names.

    Attributes
    ----------
    span : (int, int)
        In the article text.
    text : str
    dates : list of DateRef
    sides : list of (start, end, side code, strong)
        Where a side is named in the sentence; ``strong`` when it acts ("Russian
        forces", a unit, a theatre country named alone).
    places, regions : list of Mention
    """

    span: tuple[int, int]
    text: str
    dates: list[DateRef]
    sides: list[tuple[int, int, str, bool]]
    places: list[Mention]
    regions: list[Mention]


@dataclass
class Where:
    """What a sentence says about where a name is."""

    region: Region | None = None  # 'the Kharkiv village of X', 'X in the Kursk region'
    anchor: str | None = None  # 'X, southeast of Y'
    modifier: bool = False  # 'the Kharkiv village of': Kharkiv only qualifies

    def key(self) -> tuple[Any, ...]:
        return (self.region.iso or self.region.name if self.region else None, self.anchor)


def noted(m: Mention, how: str, *, from_context: bool = False) -> Mention:
    """A mention taken from elsewhere in the text, its note saying from where."""
    return dataclasses.replace(m, note="; ".join(x for x in (m.note, how) if x),
                               from_context=m.from_context or from_context)


class MentionFinder:
    """Finds and resolves the places, regions and sides an article names.

    Parameters
    ----------
    gazetteer : Gazetteer
    vocabulary : Vocabulary
    countries : sequence of str
        The theatre: places elsewhere are mentions only.
    front : Front, optional
        The scenario's front: places near it win over namesakes far away.
    """

    def __init__(self, gazetteer: Gazetteer, vocabulary: Vocabulary,
                 countries: Sequence[str], front: Front | None = None) -> None:
        self.gaz, self.vocab = gazetteer, vocabulary
        self.grammar = Grammar.of(vocabulary)
        self.countries = tuple(countries)
        self.front = front
        self._region_cache: dict[tuple[str, str | None], Region | None] = {}
        self._country_cache: dict[str, bool] = {}

    def front_km(self, place: Place) -> float | None:
        """Distance from ``place`` to the front, when the front is known."""
        return self.front.place_km(place) if self.front else None

    # -- mentions ---------------------------------------------------------------------------------
    def region(self, name: str, country: str | None) -> Region | None:
        key = (name, country)
        if key not in self._region_cache:
            try:
                region = self.gaz.region(f"{name} region",
                                         country=country or list(self.countries))
            except UnknownRegion:
                region = None
            self._region_cache[key] = region
        return self._region_cache[key]

    def _is_country(self, name: str) -> bool:
        if name not in self._country_cache:
            try:
                self.gaz.country(name)
                self._country_cache[name] = True
            except UnknownCountry:
                self._country_cache[name] = False
        return self._country_cache[name]

    def _regions(self, text: str, offset: int) -> list[Mention]:
        found: list[Mention] = []

        def add(name: str, a: int, b: int, country: str | None) -> None:
            name = re.sub(r"['’]s$", "", name)
            words = name.split()
            while words and (words[0].lower() in self.vocab.stop or (
                    re.sub(r"['’]s$", "", words[0]).lower() in self.vocab.side_words
                    and len(words) > 1)):
                words.pop(0)
            if not words:
                return
            name = " ".join(words)
            region = self.region(name, country)
            if region is None:
                return
            found.append(Mention(name, (offset + a, offset + b), "region", region.label(),
                                 region.country, region.country in self.countries,
                                 region=region))

        for m in self.grammar.standalone_regions.finditer(text):  # 'DPR': the vocabulary's
            try:
                region = self.gaz.region(m.group(0), country=list(self.countries))
            except UnknownRegion:
                continue
            found.append(Mention(m.group(0), (offset + m.start(), offset + m.end()), "region",
                                 region.label(), region.country,
                                 region.country in self.countries, region=region))
        for m in self.grammar.region_of.finditer(text):
            add(m.group("n1"), m.start("n1"), m.end("n1"), self.vocab.state_side(m.group(0)))
        for m in REGION_LIST.finditer(text):
            names = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group("list"))
            pos = m.start("list")
            country = self.vocab.state_side(text[max(0, m.start() - 12):m.start()])
            for name in names:
                a = text.index(name, pos)
                pos = a + len(name)
                add(name, a, m.end("kw") if name == names[-1] else pos, country)
        found.sort(key=lambda r: r.span)
        out: list[Mention] = []
        for r in found:  # drop overlaps
            if not out or r.span[0] >= out[-1].span[1]:
                out.append(r)
        return out

    def _sides(self, text: str) -> list[tuple[int, int, str, bool]]:
        refs = []
        vocab = self.vocab
        # "the 'West' grouping": quotes round one word read as spaces (same offsets)
        text = QUOTED_WORD.sub(lambda q: f" {q.group(1)} ", text)
        for m in vocab.side_re.finditer(text):
            word = " ".join(m.group(1).lower().split())
            unit = vocab.actor_side(word)
            if unit:
                refs.append((m.start(), m.end(), unit, True))
                continue
            after = text[m.end(1):m.end(1) + 60]
            if vocab.where_after.match(after):
                continue
            if word in vocab.capitals and re.search(
                    r"\b(?:in|on|to|near|around|toward|towards|from|at|of)\s+$",
                    text[max(0, m.start() - 10):m.start()], re.I):
                continue  # 'a strike on Kyiv' is the place
            side = vocab.side_words[word]
            # a theatre country named as such acts ('Russia took'); others need a noun
            strong = bool(vocab.military_after.match(after)) or (
                word in vocab.countries and side in self.countries)
            refs.append((m.start(), m.end(), side, strong))
        return refs

    def _candidate_names(self, text: str, taken: list[tuple[int, int]]
                         ) -> list[tuple[str, int, int]]:
        out = []
        for m in CAPSEQ.finditer(text):
            words = [(w.group(0), m.start() + w.start(), m.start() + w.end())
                     for w in re.finditer(r"\S+", m.group(0))]
            cleaned = []
            for w, a, _b in words:
                base = re.sub(r"['’ʼ]s$", "", w)
                cleaned.append((base, a, a + len(base)))
            while cleaned and (cleaned[0][0].lower() in self.vocab.stop or cleaned[0][0].lower()
                               in self.vocab.side_words or (cleaned[0][0].isupper()
                                                  and len(cleaned[0][0]) > 1)):
                cleaned.pop(0)
            while cleaned and (cleaned[-1][0].lower() in self.vocab.stop or cleaned[-1][0].lower()
                               in self.vocab.side_words):
                cleaned.pop()
            if not cleaned:
                continue
            a, b = cleaned[0][1], cleaned[-1][2]
            if any(not (b <= s or a >= e) for s, e in taken):
                continue
            if any(w.lower() in self.vocab.stop or w.isupper() for w, _, _ in cleaned):
                # 'Pokrovsk Defence Ministry': keep the leading run of name-like words
                run = []
                for item in cleaned:
                    if item[0].lower() in self.vocab.stop or (item[0].isupper()
                                                             and len(item[0]) > 1):
                        break
                    run.append(item)
                if not run:
                    continue
                cleaned = run
                b = cleaned[-1][2]
            name = text[a:b]
            if re.search(rf"^\s+{REGION_WORD}\b", text[b:b + 12]):
                continue  # a region, found by _regions when it is one
            out.append((name, a, b))
        return out

    @staticmethod
    def _pick(cands: list[Candidate]) -> tuple[Candidate, bool]:
        top, rivals = pick(cands)
        return top, bool(rivals)

    def _resolve_places(self, text: str, names: list[tuple[str, int, int, int]],
                        sentences: list[Sentence],
                        where: dict[tuple[int, int], Where]) -> None:
        """Resolve the article's place names in its own context, into the sentences.

        A name the text binds to a region is looked for in that region only, and a
        name said to lie near another place only near it: when the gazetteer has
        no such place, the mention is *unresolved*, never a namesake elsewhere.
        """
        article_regions = [r.region for s in sentences for r in s.regions
                           if r.region is not None and r.in_theatre]
        unique = list(dict.fromkeys(n for n, _, _, _ in names))
        context = unique[:40]
        memo: dict[tuple[Any, ...], Mention | None] = {}
        free: set[tuple[Any, ...]] = set()  # names bound to no region nor place
        found_at: list[tuple[tuple[Any, ...], int]] = []
        for name, a, b, si in names:
            sent = sentences[si]
            bound = where.get((a, b), Where())
            local = [r.region for r in sent.regions if r.region is not None]
            memo_key = (name, tuple(r.iso or r.name for r in local), bound.key())
            if memo_key not in memo:
                others = [n for n in context if n != name]
                memo[memo_key] = self._place(text, name, a, b, bound, local, article_regions,
                                             others)
            if bound.region is None and not bound.anchor:
                free.add(memo_key)
            found_at.append((memo_key, si))
        self._far_namesakes(memo, free)
        for (name, a, b, _si), (memo_key, si) in zip(names, found_at, strict=True):
            found = memo[memo_key]
            if found is not None:
                sent = sentences[si]
                bound = where.get((a, b), Where())
                sent.places.append(dataclasses.replace(found, text=name, span=(a, b),
                                                       modifier=bound.modifier))

    def _far_namesakes(self, memo: dict[tuple[Any, ...], Mention | None],
                       free: set[tuple[Any, ...]]) -> None:
        """A name bound to no region nor place, resolved to a village of the theatre
        (under :data:`~frontline.thresholds.NAMESAKE_POPULATION`) by a guess among several,
        a spelling variant or another name, far from every other place of the theatre the
        article names, is a namesake of a village the gazetteer lacks: unresolved.

        Far is :data:`~frontline.thresholds.FAR_NAMESAKE_KM` from the nearest of at least
        :data:`~frontline.thresholds.FAR_NAMESAKE_OTHERS` other such places (with fewer,
        nothing says where the article is). Places outside the theatre (a capital, an
        ally's city) and places of that very name alone are left as they are.
        """
        places = {m.place.id: m.place for m in memo.values()
                  if m is not None and m.place is not None and m.in_theatre}
        for key in sorted(free, key=repr):
            m = memo[key]
            if m is None or m.place is None or not m.in_theatre or \
                    m.place.population >= NAMESAKE_POPULATION:
                continue
            if not (m.ambiguous or m.variant or exact_key(m.place.name) != exact_key(m.text)):
                continue  # the one place of that very name: Selydove is Selydove
            others = [q for pid, q in places.items() if pid != m.place.id]
            if len(others) < FAR_NAMESAKE_OTHERS:
                continue
            km = min(haversine_km(m.place.lat, m.place.lon, q.lat, q.lon) for q in others)
            if km > FAR_NAMESAKE_KM:
                memo[key] = self.unresolved(
                    m.text, *m.span, None,
                    f"the gazetteer's likeliest {m.text}, {m.resolved}, lies {km:.0f} km "
                    "from every other place the article names")

    def _candidates(self, name: str, **filters: Any) -> list[Candidate]:
        """The gazetteer's candidates for a name, none when it knows no such place."""
        try:
            return self.gaz.candidates(name, **filters)
        except (UnknownRegion, UnknownPlace):
            return []

    def _place(self, text: str, name: str, a: int, b: int, bound: Where,
               local: list[Region], article_regions: list[Region], others: list[str]
               ) -> Mention | None:
        """One name resolved, or an unresolved mention saying why."""
        near = self.front.points if self.front else None
        theatre = list(self.countries)

        def best(cands: list[Candidate], in_theatre: bool = True) -> Mention:
            top, guessed = self._pick(cands)
            return self._mention(name, a, b, top, guessed, in_theatre)

        if bound.region is not None:  # 'the Kharkiv village of X': only there
            cands = self._candidates(name, country=theatre, admin1=bound.region,
                                     context=others, near=near)
            if cands:
                return best(cands)
            return self.unresolved(name, a, b, bound.region,
                                    f"no place of that name in {bound.region.label()}")
        if bound.anchor:  # 'X, southeast of Y': near Y
            anchor = self._anchor(bound.anchor, others)
            if anchor is not None:
                close = [c for c in self._candidates(name, country=theatre,
                                                     near=[(anchor.lat, anchor.lon)])
                         if haversine_km(c.place.lat, c.place.lon, anchor.lat,
                                         anchor.lon) <= NEAR_PLACE_KM]
                if close:
                    return best(close)
                return self.unresolved(name, a, b, None,
                                        f"no place of that name within {NEAR_PLACE_KM:.0f} km "
                                        f"of {anchor.label()}")
        tried: list[Region | None] = [*local, *[r for r in article_regions if r not in local],
                                      None]
        for region in dict.fromkeys(tried):
            cands = self._candidates(name, country=theatre, admin1=region, context=others,
                                     near=near)
            if cands:
                return best(cands)
        if LOCATIVE.search(text[max(0, a - 25):a]):
            cands = self._candidates(name)
            if cands:
                return best(cands, in_theatre=False)
        if TITLE_BEFORE.search(text[max(0, a - 30):a]) or any(
                self.vocab.actor_side(w) for w in name.lower().split()):
            return None  # 'Col. Gen. Oleksandr Syrskyi', 'Zelenskiy': a person
        return self.unresolved(name, a, b, None, "not in the gazetteer")

    def _anchor(self, name: str, others: list[str]) -> Place | None:
        """The place another is said to be near ('southeast of Kurakhove')."""
        cands = self._candidates(name, country=list(self.countries), context=others)
        return self._pick(cands)[0].place if cands else None

    def unresolved(self, name: str, a: int, b: int, region: Region | None, why: str
                    ) -> Mention:
        return Mention(name, (a, b), "place", "", region.country if region else "", True, why,
                       region=region, unresolved=True)

    def _mention(self, name: str, a: int, b: int, cand: Candidate, guessed: bool,
                 in_theatre: bool) -> Mention:
        notes = []
        variant = False
        if cand.renamed:
            notes.append(cand.renamed.describe())
        elif cand.match == "spelling variant":
            notes.append(f"spelling variant of {cand.matched_name}")
            variant = True
        if guessed:
            notes.append("best of several places of that name")
        in_theatre = in_theatre and cand.place.country in self.countries
        return Mention(name, (a, b), "place", cand.place.label(), cand.place.country,
                       in_theatre, "; ".join(notes), place=cand.place, ambiguous=guessed,
                       front_km=self.front_km(cand.place), variant=variant)

    def _where(self, text: str, offset: int, names: list[tuple[str, int, int]],
               regions: list[Mention]) -> dict[tuple[int, int], Where]:
        """What the sentence says about where each name is: its region, a place it is
        near, or that it only qualifies a noun ('the Kharkiv village of')."""
        out: dict[tuple[int, int], Where] = {}
        for i, (_name, x, y) in enumerate(names):
            # (an earlier name of a list may already have given it its region)
            here = out.setdefault((offset + x, offset + y), Where())
            here.modifier = bool(QUALIFIES.match(text[y:y + 60]))
            before = BOUND_BEFORE.search(text[max(0, x - 80):x])
            if before and here.region is None:
                here.region = self.region(before.group("r"), self.vocab.state_side(before.group(0)))
            if here.region is None:
                for r in regions:
                    if r.span[0] - offset >= y and r.region is not None and \
                            self.grammar.bound_after.match(text[y:r.span[0] - offset]):
                        here.region = r.region
                        break
            near = NEAR.match(text[y:y + 80])
            if near and near.group("a").lower() not in self.vocab.stop:
                here.anchor = near.group("a")
            if here.region is None:
                continue
            # a list shares its region: 'A and B in the Kursk region', 'the villages of A and B'
            step = -1 if not before else 1
            j = i
            while 0 <= j + step < len(names):
                a_, b_ = (names[j + step], names[j]) if step < 0 else (names[j], names[j + step])
                if not re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+)", text[a_[2]:b_[1]]):
                    break
                j += step
                other = out.setdefault((offset + names[j][1], offset + names[j][2]), Where())
                other.region = other.region or here.region
        return out

    def analyse(self, article: Article) -> tuple[list[Sentence], list[Mention]]:
        text = article.text
        if article.published is None:
            raise ValueError(f"article {article.id!r} has no publication date; relative dates "
                             "need one")
        published = article.published
        sentences: list[Sentence] = []
        names: list[tuple[str, int, int, int]] = []
        where: dict[tuple[int, int], Where] = {}
        for si, (a, b) in enumerate(split_sentences(text, abbreviations=self.vocab.abbreviations)):
            words = text[a:b]
            regions = self._regions(words, a)
            taken = [(r.span[0] - a, r.span[1] - a) for r in regions]
            sides = self._sides(words)
            dateline = DATELINE.match(words)
            dates = [d for d in find_dates(words, published, self.vocab.events)
                     if d.start <= published and not (dateline and d.span[1] <= dateline.end())]
            taken += [d.span for d in dates]
            sent = Sentence((a, b), words, dates, sides, [], regions)
            sentences.append(sent)
            found = [(name, x, y) for name, x, y in self._candidate_names(words, taken)
                     if not (name.lower() in self.vocab.side_words or self._is_country(name))]
            where.update(self._where(words, a, found, regions))
            names += [(name, a + x, a + y, si) for name, x, y in found]
        self._resolve_places(text, names, sentences, where)
        mentions = sorted([m for s in sentences for m in (*s.regions, *s.places)
                           if not m.unresolved], key=lambda m: m.span)
        for s in sentences:
            s.places.sort(key=lambda m: m.span)
        return sentences, mentions

