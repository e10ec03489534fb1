"""The gazetteer's index of places: what it holds, read fast.

:class:`PlaceIndex` reads the compact SQLite index built once from the embedded
GeoNames data (:mod:`frontline.geo.index`), and the user's own places beside it:
the rows of a name's keys, countries and admin-1 regions by any of their names or
codes, the places in a box, the place nearest a point. Ranking a name among its
candidates is :class:`~frontline.geo.geocode.Gazetteer`'s, built on this.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from frontline._atomic import atomic_path
from frontline.errors import GazetteerError, UnknownCountry, UnknownRegion
from frontline.geo import index as _index
from frontline.geo.names import (
    exact_key,
    folded_key,
    region_keys,
    split_region_suffix,
)
from frontline.geo.places import EARTH_RADIUS_KM, Place, Region, Renaming, haversine_km
from frontline.thresholds import SUGGESTION_SIMILARITY, UNKNOWN_POPULATION

__all__ = ["PlaceIndex", "split_query"]

#: An ISO 3166-2 subdivision code such as ``UA-14`` or ``RU-KRS``.
_ISO_3166_2 = re.compile(r"[A-Za-z]{2}-[A-Za-z0-9]{1,3}")
#: A GeoNames admin-1 code such as ``UA.05``.
_GEONAMES_ADMIN1 = re.compile(r"[A-Za-z]{2}\.[A-Za-z0-9]{1,3}")


def split_query(name: str) -> tuple[str, str | None]:
    """A name and the hint after it: ``'Sudzha, Kursk region'`` -> ('Sudzha', 'Kursk region').

    Examples
    --------
    >>> split_query("Pokrovsk (Donetsk oblast)")
    ('Pokrovsk', 'Donetsk oblast')
    """

    text = name.strip()
    if text.endswith(")") and "(" in text:
        head, _, tail = text[:-1].rpartition("(")
        if head.strip():
            return head.strip(), tail.strip()
    if "," in text:
        head, _, tail = text.partition(",")
        if head.strip() and tail.strip():
            return head.strip(), tail.strip()
    return text, None


class _PointIndex(NamedTuple):
    """The embedded places for nearest-place queries."""

    tree: Any  # scipy.spatial.cKDTree over unit vectors
    ids: Any  # numpy array of GeoNames ids, in the tree's order
    country: list[str]
    admin1: list[str | None]


def _unit_vector(lat: float, lon: float) -> tuple[float, float, float]:
    p, q = math.radians(lat), math.radians(lon)
    return (math.cos(p) * math.cos(q), math.cos(p) * math.sin(q), math.sin(p))


class PlaceIndex:
    """The embedded GeoNames places, regions and countries, and the user's places.

    Parameters
    ----------
    path : path-like, optional
        Index file; by default the one for the installed data, built on first use.
    user_path : path-like, optional
        User gazetteer file; by default the one in the user data directory.
        It need not exist.
    progress : callable, optional
        Progress callback while the index is built.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        user_path: str | Path | None = None,
        progress: _index.Progress | None = None,
    ) -> None:
        self.path = Path(path) if path else _index.ensure_index(progress=progress)
        self.user_path = Path(user_path) if user_path else _index.user_gazetteer_path()
        try:
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                        check_same_thread=False)
            if self.user_path.exists():
                self._con.execute("ATTACH DATABASE ? AS user", (f"file:{self.user_path}?mode=ro",))
                self._has_user = True
            else:
                self._has_user = False
        except sqlite3.Error as exc:
            raise GazetteerError(f"cannot open the gazetteer {self.path}: {exc}") from exc
        self._admin1: dict[str, tuple[str, str | None]] = {}
        self._region_cache: dict[tuple[str, str | None], Region] = {}
        self._rows: dict[str, list[tuple[Place, int, str]]] = {}
        self._country_sets: dict[tuple[str, ...], set[str] | None] = {}
        self._points: _PointIndex | None = None
        # (the caches of the lookups the Gazetteer makes on this index)
        self._anchors: dict[tuple[str, str], tuple[float, float] | None] = {}
        self._parsed: dict[str, tuple[str, str | None, str, str]] = {}

    def close(self) -> None:
        """Close the database connection."""
        self._con.close()

    # -- rows -------------------------------------------------------------
    def _admin1_info(self, code: str | None) -> tuple[str | None, str | None]:
        if not code:
            return None, None
        if code not in self._admin1:
            row = self._con.execute(
                "SELECT name, iso FROM regions WHERE code = ?", (code,)
            ).fetchone()
            self._admin1[code] = (row[0], row[1]) if row else (code, None)
        return self._admin1[code]

    def _place(self, row: Sequence[Any], source: str) -> Place:
        pid, name, lat, lon, country, admin1, population = row[:7]
        admin1_name, admin1_iso = self._admin1_info(admin1)
        return Place(pid, name, lat, lon, country, admin1, admin1_name, admin1_iso,
                     population or 0, source)

    _SQL = (
        "SELECT p.id, p.name, p.lat, p.lon, p.country, p.admin1, p.population, "
        "n.kind, n.idx, p.alt, {src}, n.key FROM {db}names n JOIN {db}places p "
        "ON p.id = n.place "
        "WHERE n.key IN ({marks})"
    )
    _USER_SOURCE = "(SELECT path FROM user.sources s WHERE s.id = p.source)"
    #: Keys whose rows are kept in memory (a long-lived process, a batch).
    ROW_CACHE_SIZE = 200_000

    def _fetch(self, key: str) -> list[tuple[Place, int, str]]:
        """Places with a name of this key: (place, kind, the name that has the key)."""
        cached = self._rows.get(key)
        if cached is None:
            self.prefetch([key])
            cached = self._rows[key]
        return cached

    def prefetch(self, keys: Iterable[str], /) -> None:
        """Read the rows of many name keys at once (used by :meth:`lookup_many`)."""
        todo = sorted({k for k in keys if k not in self._rows})
        if len(self._rows) + len(todo) > self.ROW_CACHE_SIZE:
            self._rows.clear()
        for start in range(0, len(todo), 500):
            chunk = todo[start:start + 500]
            found: dict[str, list[tuple[Place, int, str]]] = {k: [] for k in chunk}
            seen: set[tuple[str, int]] = set()
            marks = ",".join("?" * len(chunk))
            queries = [(self._SQL.format(db="", src="'geonames'", marks=marks), chunk)]
            if self._has_user:
                queries.append(
                    (self._SQL.format(db="user.", src=self._USER_SOURCE, marks=marks), chunk)
                )
            for sql, args in queries:
                for row in self._con.execute(sql, args):
                    if (row[11], row[0]) in seen:
                        continue
                    seen.add((row[11], row[0]))
                    matched = row[1] if row[8] <= 0 else row[9].split("|")[row[8] - 1]
                    found[row[11]].append((self._place(row, row[10]), row[7], matched))
            self._rows.update(found)

    def _renaming(self, place: Place, query_keys: tuple[str, str]) -> Renaming | None:
        db = "user." if place.source != "geonames" else ""
        if db and not self._has_user:
            return None
        for old, new, year, note in self._con.execute(
            f"SELECT old_name, new_name, year, note FROM {db}renamings WHERE place = ?",
            (place.id,),
        ):
            if exact_key(old) == query_keys[0] or folded_key(old) == query_keys[1]:
                return Renaming(old, new, int(year), note)
        return None

    # -- countries and regions ---------------------------------------------
    def country(self, name: str, /) -> str:
        """ISO 3166-1 alpha-2 code of a country given by name or code.

        Raises
        ------
        UnknownCountry
            If no country has that name.

        Examples
        --------
        >>> from frontline.geo import Gazetteer
        >>> Gazetteer.default().country("Україна")
        'UA'
        """
        rows = self._con.execute(
            "SELECT iso2 FROM country_names WHERE key = ?", (exact_key(name),)
        ).fetchall()
        if len(rows) != 1:
            raise UnknownCountry(name)
        return str(rows[0][0])

    def region(self, name: str, /, *, country: str | Iterable[str] | None = None) -> Region:
        """Resolve an admin-1 region: ``'Kursk region'``, ``'Курская область'``, ``'Donbas'``.

        Parameters
        ----------
        name : str
            Region name in any of its forms, with or without a word such as
            *oblast*, *region* or *область*, or its ISO 3166-2 code (``UA-14``) or
            GeoNames admin-1 code (``UA.05``).
        country : str or iterable of str, optional
            Restrict to these countries.

        Raises
        ------
        UnknownRegion
            If no region has that name.
        """
        countries = self._countries(country)
        cache_key = (name, ",".join(sorted(countries)) if countries else None)
        if cache_key in self._region_cache:
            return self._region_cache[cache_key]
        _, typed = split_region_suffix(name)
        if _ISO_3166_2.fullmatch(name.strip()):  # 'UA-14': the code itself
            rows = self._con.execute(
                "SELECT id, country, code, iso, name, kind, aliases, parts, 9 FROM regions "
                "WHERE iso = ?", (name.strip().upper(),)).fetchall()
        elif _GEONAMES_ADMIN1.fullmatch(name.strip()):  # 'UA.05': GeoNames' code
            rows = self._con.execute(
                "SELECT id, country, code, iso, name, kind, aliases, parts, 9 FROM regions "
                "WHERE code = ?", (name.strip().upper(),)).fetchall()
        else:
            keys = sorted(region_keys(name))
            marks = ",".join("?" * len(keys))
            rows = self._con.execute(
                "SELECT r.id, r.country, r.code, r.iso, r.name, r.kind, r.aliases, r.parts, "
                f"MAX(n.weight) FROM region_names n JOIN regions r ON r.id = n.region "
                f"WHERE n.key IN ({marks}) GROUP BY r.id",
                keys,
            ).fetchall()
        if countries:
            rows = [r for r in rows if r[1] in countries]
        if not rows:
            raise UnknownRegion(name, self._region_suggestions(name, countries))

        def rank(r: Sequence[Any]) -> tuple[float, ...]:
            # a word like 'oblast' prefers oblasts over cities of the same name
            city = r[5].lower() in ("city", "autonomous city")
            return (r[8] + (1.5 if typed and not city else 0), -r[0])

        best = max(rows, key=rank)
        region = Region(
            best[4], best[1], best[3], best[2], best[5],
            tuple(p for p in best[7].split("|") if p), tuple(a for a in best[6].split("|") if a),
        )
        self._region_cache[cache_key] = region
        return region

    def largest_place(self, region: Region, /) -> Place | None:
        """The most populous embedded place of a region (where to pin a region-wide report).

        Examples
        --------
        >>> from frontline.geo import Gazetteer
        >>> gaz = Gazetteer.default()
        >>> gaz.largest_place(gaz.region("Kursk region")).name
        'Kursk'
        """
        codes = list(region.codes)
        if not codes:
            return None
        marks = ",".join("?" * len(codes))
        row = self._con.execute(
            "SELECT id, name, lat, lon, country, admin1, population FROM places "
            f"WHERE admin1 IN ({marks}) ORDER BY population DESC, id LIMIT 1", codes,
        ).fetchone()
        return self._place(row, "geonames") if row else None

    def nearest(
        self,
        lat: float,
        lon: float,
        /,
        *,
        region: Region | None = None,
        country: str | None = None,
        within_km: float = 100.0,
    ) -> tuple[Place, float] | None:
        """The embedded place nearest to a point, and its distance in km.

        Parameters
        ----------
        lat, lon : float
        region : Region, optional
            Only places of this admin-1 region.
        country : str, optional
            Only places of this country (ISO alpha-2 code).
        within_km : float, default 100
            Places farther than this are not considered.

        Returns
        -------
        (Place, float) or None
            None when no place lies within ``within_km``.

        Examples
        --------
        >>> from frontline.geo import Gazetteer
        >>> place, km = Gazetteer.default().nearest(48.141, 37.301)
        >>> place.name, km < 2
        ('Selydove', True)
        """
        import numpy as np

        index = self._point_index()
        n = len(index.ids)
        codes = set(region.codes) if region is not None else None
        # the nearest by the chord through the Earth are the nearest by great circle
        limit = 2 * math.sin(min(within_km / EARTH_RADIUS_KM, math.pi) / 2) * (1 + 1e-9)
        k = 8
        while n:
            dist, idx = index.tree.query(_unit_vector(lat, lon), k=min(k, n),
                                         distance_upper_bound=limit)
            idx = np.atleast_1d(idx)[np.isfinite(np.atleast_1d(dist))]
            for i in idx:
                if ((codes is None or index.admin1[i] in codes)
                        and (country is None or index.country[i] == country)):
                    row = self._con.execute(
                        "SELECT id, name, lat, lon, country, admin1, population FROM places "
                        "WHERE id = ?", (int(index.ids[i]),)).fetchone()
                    d = haversine_km(lat, lon, row[2], row[3])
                    return (self._place(row, "geonames"), d) if d <= within_km else None
            if len(idx) < min(k, n) or k >= n:
                return None  # (every place within reach looked at)
            k *= 8
        return None

    def _point_index(self) -> _PointIndex:
        """Every embedded place on a k-d tree of unit vectors (built on first use: a
        baseline of hundreds of settlements asks for thousands of nearest places).

        The places' coordinates are read from the index once and kept beside it
        (``*.points.npz``, 18 MB; reading them takes a twentieth of the time of the query
        over the whole table), stamped with the index's size and time.
        """
        if self._points is None:
            import numpy as np
            from scipy.spatial import cKDTree

            ids, lat, lon, country, admin1 = self._point_columns()
            lat, lon = np.radians(lat), np.radians(lon)
            xyz = np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon),
                                   np.sin(lat)]) if len(ids) else np.zeros((0, 3))
            self._points = _PointIndex(cKDTree(xyz), ids, country.tolist(),
                                       [a or None for a in admin1.tolist()])
        return self._points

    def _point_columns(self) -> tuple[Any, Any, Any, Any, Any]:
        """(ids, lat, lon, country, admin1) of every embedded place, by id."""
        import numpy as np

        stat = self.path.stat()
        stamp = np.array([stat.st_size, stat.st_mtime_ns], dtype=np.int64)
        kept = self.path.with_name(self.path.name + ".points.npz")
        try:
            with np.load(kept, allow_pickle=False) as z:
                if np.array_equal(z["stamp"], stamp):
                    return z["ids"], z["lat"], z["lon"], z["country"], z["admin1"]
        except (OSError, KeyError, ValueError):
            pass  # (none yet, or not of this index: read anew)
        rows = self._con.execute("SELECT id, lat, lon, country, admin1 FROM places "
                                 "ORDER BY id").fetchall()
        columns = (np.array([r[0] for r in rows], dtype=np.int64),
                   np.array([r[1] for r in rows], dtype=float),
                   np.array([r[2] for r in rows], dtype=float),
                   np.array([r[3] or "" for r in rows], dtype=str),
                   np.array([r[4] or "" for r in rows], dtype=str))
        try:
            with atomic_path(kept, suffix=".npz") as tmp:
                np.savez(tmp, stamp=stamp, ids=columns[0], lat=columns[1], lon=columns[2],
                         country=columns[3], admin1=columns[4])
        except OSError:  # (a read-only cache: read anew next time)
            pass
        return columns

    def places_in(self, bounds: tuple[float, float, float, float], /, *,
                  min_population: int = 0) -> list[Place]:
        """Embedded places within a lon/lat box, most populous first.

        Parameters
        ----------
        bounds : (min_lon, min_lat, max_lon, max_lat)
        min_population : int, default 0

        Examples
        --------
        >>> from frontline.geo import Gazetteer
        >>> [p.name for p in Gazetteer.default().places_in((37.2, 48.1, 37.4, 48.2),
        ...                                               min_population=10_000)]
        ['Selydove']
        """
        min_lon, min_lat, max_lon, max_lat = bounds
        rows = self._con.execute(
            "SELECT id, name, lat, lon, country, admin1, population FROM places "
            "WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? AND population >= ? "
            "ORDER BY population DESC, id", (min_lat, max_lat, min_lon, max_lon, min_population),
        ).fetchall()
        return [self._place(row, "geonames") for row in rows]

    def is_embedded(self, geonameid: int, /) -> bool:
        """Whether the embedded GeoNames data holds a place of this id."""
        return self._con.execute("SELECT 1 FROM places WHERE id = ?",
                                 (geonameid,)).fetchone() is not None

    def _region_suggestions(self, name: str, countries: set[str] | None) -> list[str]:
        from rapidfuzz import fuzz, process

        rows = self._con.execute("SELECT name, iso, country FROM regions").fetchall()
        if countries:
            rows = [r for r in rows if r[2] in countries]
        labels = {f"{n} ({iso or c})": exact_key(n) for n, iso, c in rows}
        query, _ = split_region_suffix(name)
        found = process.extract(query, labels, scorer=fuzz.WRatio, limit=5, score_cutoff=75)
        return [label for _, _, label in found]

    def _countries(self, country: str | Iterable[str] | None) -> set[str] | None:
        if country is None:
            return None
        items = (country,) if isinstance(country, str) else tuple(country)
        if items not in self._country_sets:
            parts = [p.strip() for item in items for p in item.split(",") if p.strip()]
            self._country_sets[items] = {self.country(p) for p in parts} or None
        found = self._country_sets[items]
        return set(found) if found is not None else None

    def suggest(
        self, name: str, /, *, limit: int = 5, country: str | Iterable[str] | None = None
    ) -> list[Place]:
        """Places whose names are close to ``name`` (for "did you mean ...?").

        Parameters
        ----------
        name : str
        limit : int, default 5
        country : str or iterable of str, optional
            Only suggest places in these countries.

        Returns
        -------
        list of Place
            Best first; the most populous place for each close name.
        """
        from rapidfuzz import fuzz, process

        countries = self._countries(country)
        key = exact_key(split_query(name)[0])
        if not key:
            return []
        pool: set[str] = set()
        lo, hi = max(1, len(key) - 3), len(key) + 3
        starts = {key[0], folded_key(key)[:1]} - {""}
        for db in ("", "user.") if self._has_user else ("",):
            for first in starts:
                pool.update(
                    k for (k,) in self._con.execute(
                        f"SELECT DISTINCT key FROM {db}names WHERE key >= ? AND key < ? "
                        "AND length(key) BETWEEN ? AND ?",
                        (first, first + "\U0010ffff", lo, hi),
                    )
                )
        found = process.extract(key, pool, scorer=fuzz.ratio, limit=40,
                                score_cutoff=SUGGESTION_SIMILARITY)
        places: list[tuple[float, Place]] = []
        seen: set[int] = set()
        for cand_key, score, _ in found:
            for place, kind, _ in self._fetch(cand_key):
                if kind == _index.OTHER:  # not a code, nor another name of the place
                    continue
                if place.id in seen or (countries and place.country not in countries):
                    continue
                seen.add(place.id)
                places.append((score + 2 * math.log10(place.population or UNKNOWN_POPULATION),
                               place))
        places.sort(key=lambda sp: (-sp[0], sp[1].id))
        return [p for _, p in places[:limit]]
