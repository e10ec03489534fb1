"""The user gazetteer: places the embedded data lacks, imported by the user.

GeoNames' embedded extract stops at 500 inhabitants; Robotyne (480) is one of
many front-line villages below it. Two kinds of file can be imported:

* a GeoNames country dump (``UA.zip`` or ``UA.txt``, tab-separated, the
  format of download.geonames.org/export/dump): its populated places
  (feature class ``P``) not already embedded are added;
* a CSV with a header ``name,lat,lon`` and optionally ``country``,
  ``admin1`` and ``aliases`` (separated by ``;``). A missing country or
  admin-1 is taken from the nearest embedded place.

An import is all or nothing: a file with a bad row adds nothing and every bad
row is reported with its line and field. Importing a file again replaces what
it added before.
"""

from __future__ import annotations

import csv
import io
import logging
import sqlite3
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from frontline.errors import (
    GazetteerError,
    InputFileError,
    UnknownCountry,
    UnknownRegion,
    UnknownSource,
)
from frontline.geo import index as _index
from frontline.geo.geocode import Gazetteer
from frontline.thresholds import IMPORT_NEAREST_KM

__all__ = ["ImportResult", "import_file", "list_sources", "remove_source"]

log = logging.getLogger(__name__)

FileKind = Literal["geonames", "csv"]
_GEONAMES_COLUMNS = 19
_MAX_PROBLEMS_SHOWN = 20


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import added.

    Attributes
    ----------
    source_id : int
    path : str
    kind : str
        ``'geonames'`` or ``'csv'``.
    added : int
        Places added.
    skipped : int
        Rows left out: not populated places, or already embedded.
    replaced : int
        Places removed because the same file had been imported before.
    """

    source_id: int
    path: str
    kind: str
    added: int
    skipped: int
    replaced: int


def _open_user_db(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    con.executescript(
        _index.SCHEMA
        + """CREATE TABLE IF NOT EXISTS sources(
                id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
                imported_at TEXT NOT NULL, count INTEGER NOT NULL) ;"""
    )
    return con


def _detect(path: Path, head: bytes) -> FileKind:
    if path.suffix.lower() == ".zip":
        return "geonames"
    first = head.split(b"\n", 1)[0]
    if first.count(b"\t") >= _GEONAMES_COLUMNS - 2:
        return "geonames"
    return "csv"


def _read_text(path: Path) -> str:
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as zf:
                members = [
                    n for n in zf.namelist()
                    if n.lower().endswith(".txt") and "readme" not in n.lower()
                ]
                if len(members) != 1:
                    raise InputFileError(
                        str(path), f"expected one GeoNames .txt file in the zip, found "
                        f"{len(members)}: {', '.join(members) or 'none'}"
                    )
                return zf.read(members[0]).decode("utf-8")
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(str(path), f"not UTF-8 text ({exc.reason})") from exc
    except zipfile.BadZipFile as exc:
        raise InputFileError(str(path), f"not a zip file ({exc})") from exc
    except OSError as exc:
        raise InputFileError(str(path), f"cannot read: {exc.strerror or exc}") from exc


def _parse_geonames(
    path: Path, text: str, gaz: Gazetteer
) -> tuple[list[dict[str, Any]], int, list[str]]:
    rows, skipped, problems = [], 0, []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != _GEONAMES_COLUMNS:
            problems.append(
                f"{path}:{line_no}: expected {_GEONAMES_COLUMNS} tab-separated columns of a "
                f"GeoNames dump, found {len(cols)}"
            )
            continue
        if cols[6] != "P":
            skipped += 1
            continue
        try:
            gid, lat, lon = int(cols[0]), float(cols[4]), float(cols[5])
            population = int(cols[14] or 0)
        except ValueError as exc:
            problems.append(f"{path}:{line_no}: {exc}")
            continue
        if gaz.is_embedded(gid):
            skipped += 1
            continue
        aliases = _index.clean_alternates([cols[2], *cols[3].split(",")], cols[1])
        rows.append({
            "id": gid, "name": cols[1], "lat": lat, "lon": lon, "country": cols[8],
            "admin1": f"{cols[8]}.{cols[10]}" if cols[10] else None,
            "population": population, "aliases": aliases,
        })
    return rows, skipped, problems


def _parse_csv(path: Path, text: str, gaz: Gazetteer) -> tuple[list[dict[str, Any]], list[str]]:
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    missing = [f for f in ("name", "lat", "lon") if f not in fields]
    if missing:
        raise InputFileError(
            str(path), f"the header must name the columns name,lat,lon[,country,admin1,"
            f"aliases]; missing: {', '.join(missing)}", line=1
        )
    reader.fieldnames = fields
    rows, problems = [], []
    for record in reader:
        line_no = reader.line_num

        def bad(field: str, message: str, line_no: int = line_no) -> None:
            problems.append(f"{path}:{line_no}: field '{field}': {message}")

        name = (record.get("name") or "").strip()
        if not name:
            bad("name", "empty")
            continue
        coords = []
        for fld, limit in (("lat", 90.0), ("lon", 180.0)):
            raw = (record.get(fld) or "").strip()
            try:
                value = float(raw)
            except ValueError:
                bad(fld, f"'{raw}' is not a number")
                break
            if not -limit <= value <= limit:
                bad(fld, f"{value} is outside -{limit:g}..{limit:g}")
                break
            coords.append(value)
        if len(coords) != 2:
            continue
        lat, lon = coords
        country = (record.get("country") or "").strip()
        admin1_text = (record.get("admin1") or "").strip()
        admin1 = None
        try:
            country = gaz.country(country) if country else ""
        except UnknownCountry as exc:
            bad("country", str(exc))
            continue
        if admin1_text:
            try:
                region = gaz.region(admin1_text, country=country or None)
            except UnknownRegion as exc:
                bad("admin1", str(exc))
                continue
            admin1, country = region.geonames_code, country or region.country
        if not country or not admin1_text:
            found = gaz.nearest(lat, lon, within_km=IMPORT_NEAREST_KM)
            if found is None and not country:
                bad("country", "missing, and no embedded place within "
                    f"{IMPORT_NEAREST_KM:.0f} km to take it from")
                continue
            if found is not None and (not country or found[0].country == country):
                country, admin1 = found[0].country, admin1 or found[0].admin1
        aliases = _index.clean_alternates((record.get("aliases") or "").split(";"), name)
        rows.append({"id": None, "name": name, "lat": lat, "lon": lon, "country": country,
                     "admin1": admin1, "population": 0, "aliases": aliases})
    return rows, problems


def import_file(
    path: str | Path,
    /,
    *,
    kind: FileKind | None = None,
    gazetteer: Gazetteer | None = None,
    user_path: str | Path | None = None,
) -> ImportResult:
    """Add the places of a GeoNames dump or a CSV file to the user gazetteer.

    Parameters
    ----------
    path : path-like
        ``UA.zip``, ``UA.txt`` or a CSV file.
    kind : {'geonames', 'csv'}, optional
        Detected from the file when not given.
    gazetteer : Gazetteer, optional
        Used to resolve countries and regions; the default one if not given.
    user_path : path-like, optional
        User gazetteer file; the default one if not given.

    Returns
    -------
    ImportResult

    Raises
    ------
    InputFileError
        The file cannot be read or has bad rows (all are listed; nothing is
        imported).
    """
    src = Path(path)
    gaz = gazetteer or Gazetteer.default()
    target = Path(user_path) if user_path else gaz.user_path
    text = _read_text(src)
    kind = kind or _detect(src, text[:4096].encode())
    skipped = 0
    if kind == "geonames":
        rows, skipped, problems = _parse_geonames(src, text, gaz)
    else:
        rows, problems = _parse_csv(src, text, gaz)
    if problems:
        more = len(problems) - _MAX_PROBLEMS_SHOWN
        listing = "\n".join(problems[:_MAX_PROBLEMS_SHOWN])
        if more > 0:
            listing += f"\n... and {more} more"
        err = InputFileError(str(src), f"{len(problems)} bad row(s), nothing imported:\n"
                             + listing)
        err.problems = problems  # type: ignore[attr-defined]
        raise err
    key = str(src.resolve())
    try:
        con = _open_user_db(target)
    except sqlite3.Error as exc:
        raise GazetteerError(f"cannot open the user gazetteer {target}: {exc}") from exc
    try:
        with con:
            replaced = _delete_source(con, key)
            cur = con.execute(
                "INSERT INTO sources(path, kind, imported_at, count) VALUES (?,?,?,?)",
                (key, kind, datetime.now(UTC).isoformat(timespec="seconds"), len(rows)),
            )
            source_id = int(cur.lastrowid or 0)
            next_id = min(0, con.execute("SELECT MIN(id) FROM places").fetchone()[0] or 0) - 1
            for row in rows:
                pid = row["id"]
                if pid is None:
                    pid, next_id = next_id, next_id - 1
                con.execute(
                    "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?)",
                    (pid, row["name"], row["lat"], row["lon"], row["country"], row["admin1"],
                     row["population"], "|".join(row["aliases"]), source_id),
                )
                con.execute("DELETE FROM names WHERE place = ?", (pid,))
                con.executemany(
                    "INSERT INTO names VALUES (?,?,?,?)",
                    [(k, pid, kd, ix) for k, (kd, ix) in
                     _index.place_name_rows(pid, row["name"], row["aliases"]).items()],
                )
    except sqlite3.Error as exc:
        raise GazetteerError(f"cannot write the user gazetteer {target}: {exc}") from exc
    finally:
        con.close()
    Gazetteer.reset_default()
    log.info("imported %d places from %s", len(rows), src)
    return ImportResult(source_id, key, kind, len(rows), skipped, replaced)


def _delete_source(con: sqlite3.Connection, key: str) -> int:
    row = con.execute("SELECT id FROM sources WHERE path = ? OR id = ?", (key, key)).fetchone()
    if row is None:
        return 0
    ids = [r[0] for r in con.execute("SELECT id FROM places WHERE source = ?", (row[0],))]
    con.executemany("DELETE FROM names WHERE place = ?", [(i,) for i in ids])
    con.execute("DELETE FROM places WHERE source = ?", (row[0],))
    con.execute("DELETE FROM sources WHERE id = ?", (row[0],))
    return len(ids)


def list_sources(*, user_path: str | Path | None = None) -> list[dict[str, Any]]:
    """The imported files: id, path, kind, imported_at, count."""
    target = Path(user_path) if user_path else _index.user_gazetteer_path()
    if not target.exists():
        return []
    con = _open_user_db(target)
    try:
        rows = con.execute(
            "SELECT id, path, kind, imported_at, count FROM sources ORDER BY id"
        ).fetchall()
    finally:
        con.close()
    return [dict(zip(("id", "path", "kind", "imported_at", "count"), r, strict=True))
            for r in rows]


def list_places(source: str | int | None = None, *, user_path: str | Path | None = None
                ) -> list[dict[str, Any]]:
    """The places of the user gazetteer, optionally of one source."""
    target = Path(user_path) if user_path else _index.user_gazetteer_path()
    if not target.exists():
        return []
    con = _open_user_db(target)
    try:
        sql = ("SELECT p.id, p.name, p.lat, p.lon, p.country, p.admin1, p.population, s.id "
               "FROM places p JOIN sources s ON s.id = p.source")
        args: tuple[Any, ...] = ()
        if source is not None:
            sql += " WHERE s.id = ? OR s.path = ?"
            args = (str(source), str(source))
        rows = con.execute(sql + " ORDER BY p.name, p.id", args).fetchall()
    finally:
        con.close()
    cols = ("id", "name", "lat", "lon", "country", "admin1", "population", "source")
    return [dict(zip(cols, r, strict=True)) for r in rows]


def remove_source(source: str | int, /, *, user_path: str | Path | None = None) -> int:
    """Remove what one imported file added; returns the number of places removed.

    Parameters
    ----------
    source : str or int
        The source id shown by :func:`list_sources`, or the file's path.

    Raises
    ------
    UnknownSource
        If no imported file matches.
    """
    target = Path(user_path) if user_path else _index.user_gazetteer_path()
    key = str(source)
    if not str(source).isdigit() and Path(key).exists():
        key = str(Path(key).resolve())
    if not target.exists():
        raise UnknownSource(f"the user gazetteer is empty; no imported file '{source}'")
    con = _open_user_db(target)
    try:
        with con:
            if not con.execute(
                "SELECT 1 FROM sources WHERE path = ? OR id = ?", (key, key)
            ).fetchone():
                raise UnknownSource(
                    f"no imported file '{source}' (see 'frontline gazetteer list')"
                )
            removed = _delete_source(con, key)
    finally:
        con.close()
    Gazetteer.reset_default()
    return removed
