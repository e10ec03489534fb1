"""Resolve place names to places, with context, offline.

Resolution works in two steps. First every place whose name, alternate name
or former name has the query's *exact* key is a candidate; only when there is
none are the places sharing its *folded* key (a romanisation variant, see
:mod:`frontline.geo.names`) taken. Then the candidates are filtered and ranked
by the context the caller gives, in this order of strength:

1. an admin-1 region (``admin1="Donetsk oblast"``, or ``"Sudzha, Kursk region"``
   in the name itself) and a country filter: candidates outside are dropped;
2. nearness to a point, points or a geometry (``near=``);
3. nearness to the other places mentioned alongside (``context=``);
4. population (and a bonus for a GeoNames main name, and for a former name
   listed in the table of renamings).

The score is in units of log10(population): a place ten times larger scores
one more. When the two best candidates (more than a few km apart) are less
than :data:`AMBIGUITY_MARGIN` apart, :class:`~frontline.errors.AmbiguousPlace`
is raised, unless the caller asked for the best guess.

Examples
--------
>>> gaz = Gazetteer.default()
>>> gaz.lookup("Selidovo").place.label()
'Selydove (Donetska oblast, UA)'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any, Literal, NamedTuple

from frontline.errors import (
    AmbiguousPlace,
    FrontlineError,
    UnknownCountry,
    UnknownPlace,
    UnknownRegion,
    quote,
)
from frontline.geo import index as _index
from frontline.geo.gazetteer import PlaceIndex, split_query
from frontline.geo.names import (
    exact_key,
    fold_exact_key,
    folded_key,
    has_region_word,
    transliterate,
)
from frontline.geo.places import (
    Place,
    Region,
    Renaming,
    haversine_km,
    nearest_km,
)
from frontline.thresholds import (
    AMBIGUITY_MARGIN,
    CONTEXT_NEIGHBOURS,
    CONTEXT_SCALE_KM,
    CONTEXT_WEIGHT,
    MAIN_NAME_BONUS,
    NEAR_SCALE_KM,
    NEAR_WEIGHT,
    OTHER_NAME_PENALTY,
    RENAMED_BONUS,
    SAME_PLACE_KM,
    UNKNOWN_POPULATION,
    VARIANT_SIMILARITY,
)

__all__ = [
    "Candidate",
    "Gazetteer",
    "Match",
    "NearLike",
    "pick",
]


MatchKind = Literal["name", "alternate", "renamed", "other name", "spelling variant"]
_KIND_NAMES: dict[int, MatchKind] = {0: "name", 1: "alternate", 2: "renamed", 3: "other name"}

NearLike = Any
"""A ``(lat, lon)`` pair, a sequence of pairs, or a geometry (anything with
``__geo_interface__``, or a GeoJSON mapping) in longitude/latitude order."""


class Candidate(NamedTuple):
    """One place that fits a name, with its score and the reasons for it.

    Attributes
    ----------
    place : Place
    matched_name : str
        The name of the place that matched the query.
    match : str
        ``'name'``, ``'alternate'``, ``'renamed'``, ``'other name'`` or
        ``'spelling variant'``.
    score : float
        Higher is better; see the module documentation.
    terms : tuple of (str, float, object)
        The terms that add up to the score: a code, the value, and a detail
        (see :attr:`reasons` for them in words).
    distance_km : float or None
        Distance to ``near`` when given.
    renamed : Renaming or None
        Set when the query is a former name of the place.
    """

    place: Place
    matched_name: str
    match: MatchKind
    score: float
    terms: tuple[tuple[str, float, Any], ...] = ()
    distance_km: float | None = None
    renamed: Renaming | None = None

    @property
    def reasons(self) -> tuple[tuple[str, float], ...]:
        """The terms that add up to the score, as (text, value) pairs."""
        return tuple((_term_text(code, detail), value) for code, value, detail in self.terms)

    def explain(self) -> str:
        """The reasons as one line: ``'population 21,521 +4.33; ...'``."""
        return "; ".join(f"{text} {value:+.2f}" for text, value in self.reasons)


def _term_text(code: str, detail: Any) -> str:
    if code == "population":
        return (f"population {detail:,}" if detail
                else f"population unknown, taken as {UNKNOWN_POPULATION}")
    if code == "main":
        return "GeoNames main name"
    if code == "renamed":
        return str(detail)
    if code == "other":
        return "an other (e.g. former) name, not a spelling of the main name"
    if code == "near":
        return f"{detail:,.0f} km from near"
    if code == "context":
        distance, count = detail
        return f"{distance:,.0f} km on average from the {count} nearest places mentioned alongside"
    return code


class Match(NamedTuple):
    """The place a name resolved to.

    Attributes
    ----------
    query : str
        The name as given.
    place : Place
    matched_name : str
    match : str
        How the name matched (see :class:`Candidate`).
    renamed : Renaming or None
        When the query is a former name: what it became and when.
    candidates : tuple of Candidate
        Every candidate, best first (the first is this match).
    guessed : bool
        True when the best two were not clearly separated and the caller
        asked for the best guess.
    """

    query: str
    place: Place
    matched_name: str
    match: MatchKind
    renamed: Renaming | None = None
    candidates: tuple[Candidate, ...] = ()
    guessed: bool = False

    @property
    def score(self) -> float:
        """Score of the chosen candidate."""
        return self.candidates[0].score if self.candidates else 0.0

    def note(self) -> str:
        """A short remark for people: renamed, spelling variant, guess."""
        notes = []
        if self.renamed:
            notes.append(self.renamed.describe())
        elif self.match == "spelling variant":
            notes.append(f"spelling variant of {self.matched_name}")
        if self.guessed:
            notes.append(f"best of {len(self.candidates)} candidates")
        return "; ".join(notes)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON, CSV and GeoJSON."""
        data = {"query": self.query, **self.place.to_dict()}
        data.update(
            matched_name=self.matched_name,
            match=self.match,
            renamed_from=self.renamed.old_name if self.renamed else None,
            renamed_year=self.renamed.year if self.renamed else None,
            candidates=len(self.candidates),
            guessed=self.guessed,
            note=self.note(),
        )
        return data


def _near_points(near: NearLike) -> list[tuple[float, float]]:
    """Points (lat, lon) standing for ``near``; lines are densified to ~5 km."""
    if near is None:
        return []
    geo = getattr(near, "__geo_interface__", None)
    if geo is None and isinstance(near, dict):
        geo = near
    if geo is not None:
        points: list[tuple[float, float]] = []
        _collect(geo, points)
        return points
    seq = list(near)
    if len(seq) == 2 and all(isinstance(v, int | float) for v in seq):
        return [(float(seq[0]), float(seq[1]))]
    return [(float(lat), float(lon)) for lat, lon in seq]


def _collect(geo: dict[str, Any], out: list[tuple[float, float]]) -> None:
    kind = geo.get("type")
    if kind == "FeatureCollection":
        for feat in geo.get("features", []):
            _collect(feat, out)
    elif kind == "Feature":
        if geo.get("geometry"):
            _collect(geo["geometry"], out)
    elif kind == "GeometryCollection":
        for g in geo.get("geometries", []):
            _collect(g, out)
    elif kind == "Point":
        lon, lat, *_ = geo["coordinates"]
        out.append((float(lat), float(lon)))
    elif kind == "MultiPoint":
        out.extend((float(lat), float(lon)) for lon, lat, *_ in geo["coordinates"])
    else:
        _walk(geo.get("coordinates", ()), out)


def _walk(coords: Any, out: list[tuple[float, float]]) -> None:
    if not coords:
        return
    if isinstance(coords[0], int | float):
        out.append((float(coords[1]), float(coords[0])))
        return
    if isinstance(coords[0][0], int | float):  # a line or ring: densify
        prev = None
        for lon, lat, *_ in coords:
            if prev is not None:
                steps = int(haversine_km(prev[0], prev[1], lat, lon) // 5)
                for s in range(1, steps + 1):
                    t = s / (steps + 1)
                    out.append((prev[0] + t * (lat - prev[0]), prev[1] + t * (lon - prev[1])))
            out.append((float(lat), float(lon)))
            prev = (float(lat), float(lon))
        return
    for part in coords:
        _walk(part, out)


def _real_variants(exact: str, rows: list[tuple[Place, int, str]]
                   ) -> list[tuple[Place, int, str]]:
    """The folded-key matches that really spell the query another way.

    Folding collapses doubled letters and romanisation pairs, so very short or
    repetitive strings meet unrelated names ('zzzz' and the code 'ZGZ' both fold
    to 'z'); a variant must also look like the query letter by letter, and be a
    variant of a name, not of a code or of another name ('aaaa' is no spelling
    of an airport code 'AAA').
    """
    from rapidfuzz.fuzz import ratio

    query = transliterate(exact).replace(" ", "")
    return [row for row in rows
            if row[1] != _index.OTHER  # a code or another name has no spelling variants
            and ratio(query, transliterate(exact_key(row[2])).replace(" ", ""))
            >= VARIANT_SIMILARITY]


def pick(candidates: Sequence[Candidate], /) -> tuple[Candidate, list[Candidate]]:
    """The best candidate and its rivals: the places that come within the ambiguity margin.

    Candidates must be ranked best first (as :meth:`Gazetteer.candidates` gives them).
    A rival is another place (more than a few km away) whose score is within
    :data:`~frontline.thresholds.AMBIGUITY_MARGIN` of the best; with no rival the
    name is unambiguous.

    Returns
    -------
    (Candidate, list of Candidate)
        The best, and its rivals best first (empty when the choice is clear).
    """
    top = candidates[0]
    others = [c for c in candidates[1:]
              if haversine_km(c.place.lat, c.place.lon, top.place.lat, top.place.lon)
              > SAME_PLACE_KM]
    if others and top.score - others[0].score < AMBIGUITY_MARGIN:
        return top, others
    return top, []


def _one_per_place(ranked: list[Candidate]) -> list[Candidate]:
    """One candidate per place on the ground, in rank order.

    GeoNames lists some places twice: the same name a few km apart (a duplicate),
    or a landmark of a town under the town's name and with a copy of its
    population ('El Geneina Fort' beside the city of Al-Junaynah, both called El
    Geneina). Candidates within :data:`~frontline.thresholds.SAME_PLACE_KM` of a
    better-ranked one are that place: a same-named one is dropped, and a more
    populous one of another name stands in for it (the town, not its landmark).
    """
    kept: list[Candidate] = []
    for cand in ranked:
        twin = next((i for i, k in enumerate(kept)
                     if haversine_km(k.place.lat, k.place.lon, cand.place.lat, cand.place.lon)
                     <= SAME_PLACE_KM), None)
        if twin is None:
            kept.append(cand)
        elif (kept[twin].place.name != cand.place.name
              and cand.place.population > kept[twin].place.population):
            kept[twin] = cand._replace(score=kept[twin].score)
    return kept


class Gazetteer(PlaceIndex):
    """The offline gazetteer: embedded GeoNames places, regions, and user entries.

    It resolves names to places with context (:meth:`lookup`, :meth:`candidates`,
    :meth:`resolve`, :meth:`lookup_many`, :meth:`suggest`) on top of the index of
    places it reads (:class:`~frontline.geo.gazetteer.PlaceIndex`: countries,
    regions, places in a box, the nearest place), and takes its parameters.

    Examples
    --------
    >>> gaz = Gazetteer.default()
    >>> gaz.lookup("Kharkov").place.name
    'Kharkiv'
    >>> gaz.lookup("Artemovsk").renamed.describe()
    'Artemovsk was renamed Bakhmut in 2016'
    """

    _default: Gazetteer | None = None

    @classmethod
    def default(cls, *, progress: _index.Progress | None = None) -> Gazetteer:
        """The shared gazetteer of this process (opened once)."""
        if cls._default is None or not cls._default.path.exists():
            cls._default = cls(progress=progress)
        return cls._default

    @classmethod
    def reset_default(cls) -> None:
        """Forget the shared gazetteer (after the user gazetteer changed)."""
        if cls._default is not None:
            cls._default.close()
        cls._default = None

    def _parse(self, name: str) -> tuple[str, str | None, str, str]:
        """Name, trailing hint, exact and folded key of a query (memoised)."""
        parsed = self._parsed.get(name)
        if parsed is None:
            head, hint = split_query(name)
            exact = exact_key(head)
            parsed = (head, hint, exact, fold_exact_key(exact))
            if len(self._parsed) > self.ROW_CACHE_SIZE:
                self._parsed.clear()
            self._parsed[name] = parsed
        return parsed

    # -- lookup -----------------------------------------------------------
    def candidates(
        self,
        name: str,
        /,
        *,
        country: str | Iterable[str] | None = None,
        admin1: str | Region | None = None,
        near: NearLike = None,
        context: Iterable[str] = (),
    ) -> list[Candidate]:
        """Every place that fits ``name`` with the given context, best first.

        Parameters are those of :meth:`lookup`. An empty list means no place
        of that name exists within the filters.
        """
        return self._rank(name, country=country, admin1=admin1, near=near,
                          context=context)[0]

    def lookup(
        self,
        name: str,
        /,
        *,
        country: str | Iterable[str] | None = None,
        admin1: str | Region | None = None,
        near: NearLike = None,
        context: Iterable[str] = (),
        best: bool = False,
    ) -> Match:
        """Resolve one place name.

        Parameters
        ----------
        name : str
            The name as written: any case, Latin or Cyrillic, any common
            romanisation, a former name; ``"Sudzha, Kursk region"`` and
            ``"Pokrovsk (Donetsk oblast)"`` carry their own admin-1 or country.
        country : str or iterable of str, optional
            Keep only places in these countries (names or ISO codes).
        admin1 : str or Region, optional
            Keep only places in this admin-1 region (oblast).
        near : (lat, lon), sequence of (lat, lon), or geometry, optional
            Prefer places near this: a point, points, or a line such as the
            front line (any object with ``__geo_interface__``).
        context : iterable of str, optional
            Other names mentioned alongside; places near them are preferred.
        best : bool, default False
            Return the best candidate even when it is not clearly better than
            the next, instead of raising :class:`AmbiguousPlace`.

        Returns
        -------
        Match

        Raises
        ------
        UnknownPlace
            No place of that name (with up to five suggestions).
        AmbiguousPlace
            Several places fit and ``best`` is False.
        UnknownRegion
            ``admin1`` names no known region.
        """
        ranked, query = self._rank(name, country=country, admin1=admin1, near=near,
                                   context=context)
        if not ranked:
            raise self._unknown(name, query, country=country)
        top, rivals = pick(ranked)
        guessed = bool(rivals)
        if guessed and not best:
            raise AmbiguousPlace(name, [top, *rivals])
        return Match(name, top.place, top.matched_name, top.match, top.renamed,
                     tuple(ranked), guessed)

    def resolve(self, name: str, /, **options: Any) -> Match | Region:
        """Resolve a name that may be a place or an admin-1 region.

        A name with a word such as *oblast*, *region* or *область*
        (``"Kursk region"``) is a region; other names are places, and only
        when no place has the name is it tried as a region (``"Donbas"``).

        Parameters
        ----------
        name : str
        **options
            As for :meth:`lookup`; ``country`` also restricts regions.

        Examples
        --------
        >>> Gazetteer.default().resolve("Kursk region").iso
        'RU-KRS'
        >>> Gazetteer.default().resolve("Kursk").place.name
        'Kursk'
        """
        _, hint, exact, _ = self._parse(name)
        if hint is None and has_region_word(exact):
            try:
                return self.region(name, country=options.get("country"))
            except UnknownRegion:
                pass  # a place whose name has such a word, e.g. 'Oblast Hospital'
        try:
            return self.lookup(name, **options)
        except UnknownPlace as exc:
            try:
                return self.region(name, country=options.get("country"))
            except UnknownRegion:
                raise exc from None

    def lookup_many(
        self,
        names: Iterable[str],
        /,
        *,
        together: bool = False,
        **options: Any,
    ) -> list[Match | Region | FrontlineError]:
        """Resolve many names (places or regions); failures are returned in place.

        Parameters
        ----------
        names : iterable of str
        together : bool, default False
            Treat the names as mentioned alongside each other (each is context
            for the others).
        **options
            As for :meth:`lookup`.

        Returns
        -------
        list
            One item per name: a :class:`Match`, a :class:`Region`, or the
            :class:`UnknownPlace` / :class:`AmbiguousPlace` error.
        """
        names = list(names)
        base_context = list(options.pop("context", ()))
        if options.get("near") is not None:  # densify a line once, not once per name
            options["near"] = _near_points(options["near"])
        parsed = [self._parse(name) for name in names]
        self.prefetch(p[2] for p in parsed)
        self.prefetch(_index.FOLDED + p[3] for p in parsed if p[3] and not self._rows.get(p[2]))
        results: list[Match | Region | FrontlineError] = []
        memo: dict[str, Match | Region | FrontlineError] = {}
        for i, name in enumerate(names):
            if not together and name in memo:
                results.append(memo[name])
                continue
            context = base_context + (names[:i] + names[i + 1:] if together else [])
            result: Match | Region | FrontlineError
            try:
                result = self.resolve(name, context=context, **options)
            except (UnknownPlace, AmbiguousPlace) as exc:
                result = exc
            memo[name] = result
            results.append(result)
        return results

    def _hint_filters(
        self, hint: str, countries: set[str] | None
    ) -> tuple[set[str] | None, Region | None]:
        """A trailing ', Kursk region' or ', Ukraine' as a country or region filter."""
        parts = [p.strip() for p in hint.split(",") if p.strip()]
        region = None
        for part in reversed(parts):
            try:
                code = self.country(part)
            except UnknownCountry:
                region = self.region(part, country=countries)
            else:
                countries = {code} if countries is None else countries & {code}
        return countries, region

    def _rank(
        self,
        name: str,
        *,
        country: str | Iterable[str] | None,
        admin1: str | Region | None,
        near: NearLike,
        context: Iterable[str],
    ) -> tuple[list[Candidate], tuple[str, str]]:
        countries = self._countries(country)
        place_name, hint, exact, folded = self._parse(name)
        region = admin1 if isinstance(admin1, Region) else (
            self.region(admin1, country=countries) if admin1 else None
        )
        if hint is not None:
            try:
                countries, hinted = self._hint_filters(hint, countries)
            except (UnknownCountry, UnknownRegion):
                place_name = name.strip()  # the comma was part of the name
                exact, folded = exact_key(place_name), folded_key(place_name)
            else:
                region = region or hinted
        query = (exact, folded)
        if not query[0]:
            raise UnknownPlace(name, detail="empty place name")
        found, spelled = self._fetch(query[0]), False
        if not found and query[1]:
            found, spelled = _real_variants(query[0], self._fetch(_index.FOLDED + query[1])), True
        if countries is not None:
            found = [f for f in found if f[0].country in countries]
        if region is not None:
            codes = set(region.codes)
            found = [f for f in found if f[0].admin1 in codes]
        near_points = _near_points(near)
        context_points = self._context_points(context, place_name, countries)
        ranked = [
            self._score(place, kind, matched, query, spelled, near_points, context_points)
            for place, kind, matched in found
        ]
        if len(ranked) < 2:
            if not ranked and (countries is not None or region is not None):
                self._raise_filtered(name, query, countries, region)
            return ranked, query
        ranked.sort(key=lambda c: (-c.score, -c.place.population, c.place.id))
        kept = _one_per_place(ranked)
        if not kept and (countries is not None or region is not None):
            self._raise_filtered(name, query, countries, region)
        return kept, query

    def _context_points(
        self, context: Iterable[str], own: str, countries: set[str] | None
    ) -> list[tuple[float, float]]:
        """Where the other names mentioned alongside are: those that resolve on their own."""
        if not context:
            return []
        points = []
        own_key = exact_key(own)
        for other in context:
            key = exact_key(split_query(other)[0])
            if key and key != own_key:
                point = self._anchor(other, countries)
                if point is not None:
                    points.append(point)
        return points

    def _anchor(self, name: str, countries: set[str] | None) -> tuple[float, float] | None:
        cache_key = (name, ",".join(sorted(countries)) if countries else "")
        if cache_key not in self._anchors:
            try:
                place = self.lookup(name, country=countries).place
                self._anchors[cache_key] = (place.lat, place.lon)
            except (UnknownPlace, AmbiguousPlace):
                self._anchors[cache_key] = None
        return self._anchors[cache_key]

    def _score(
        self,
        place: Place,
        kind: int,
        matched: str,
        query: tuple[str, str],
        spelled: bool,
        near_points: Sequence[tuple[float, float]],
        context_points: Sequence[tuple[float, float]],
    ) -> Candidate:
        renamed = self._renaming(place, query) if kind == _index.RENAMED else None
        if renamed:
            matched = renamed.old_name
        match: MatchKind = "spelling variant" if spelled else _KIND_NAMES[kind]
        if renamed:
            match = "renamed"
        pop = place.population or UNKNOWN_POPULATION
        terms: list[tuple[str, float, Any]] = [("population", math.log10(pop), place.population)]
        if kind == _index.MAIN and not spelled:
            terms.append(("main", MAIN_NAME_BONUS, None))
        if renamed:
            terms.append(("renamed", RENAMED_BONUS, renamed.describe()))
        elif kind == _index.OTHER:
            terms.append(("other", OTHER_NAME_PENALTY, None))
        distance = nearest_km(place.lat, place.lon, near_points)
        if distance is not None:
            terms.append(
                ("near", -NEAR_WEIGHT * math.log10(1 + distance / NEAR_SCALE_KM), distance)
            )
        if context_points:
            nearest = sorted(haversine_km(place.lat, place.lon, lat, lon)
                             for lat, lon in context_points)[:CONTEXT_NEIGHBOURS]
            d = sum(nearest) / len(nearest)
            terms.append(("context", -CONTEXT_WEIGHT * math.log10(1 + d / CONTEXT_SCALE_KM),
                          (d, len(nearest))))
        score = sum(v for _, v, _ in terms)
        return Candidate(place, matched, match, round(score, 6), tuple(terms), distance,
                         renamed)

    def _raise_filtered(
        self,
        name: str,
        query: tuple[str, str],
        countries: set[str] | None,
        region: Region | None,
    ) -> None:
        everywhere = self._fetch(query[0]) or (
            _real_variants(query[0], self._fetch(_index.FOLDED + query[1])) if query[1] else []
        )
        where = region.label() if region else ", ".join(sorted(countries or ()))
        if everywhere:
            places = sorted((p for p, _, _ in everywhere), key=lambda p: -p.population)
            raise UnknownPlace(name, places[:5], detail=f"no place named {quote(name)} in {where}")

    def _unknown(
        self, name: str, query: tuple[str, str], *, country: str | Iterable[str] | None
    ) -> UnknownPlace:
        return UnknownPlace(name, self.suggest(name, country=country))

