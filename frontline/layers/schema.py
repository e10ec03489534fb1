"""The layers Frontline writes: their names, date fields and fixed field types.

The GeoPackage, the GeoJSON/FlatGeobuf files, the QGIS styles, the map and the
statistics all take the list of layers from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = ["DATE_COLUMNS", "LAYERS", "REPORT_TYPES", "Frames"]

#: The layers, in the order they are written.
LAYERS: tuple[str, ...] = ("control", "gains", "front_lines", "places", "reports")

#: Fields written as DATETIME (midnight), whichever layer has them.
DATE_COLUMNS: tuple[str, ...] = ("date", "valid_from", "valid_to", "changed_on", "start", "end",
                                 "source_published")

#: Fields of ``reports`` that may be empty in every row, with the type they always have.
REPORT_TYPES: dict[str, str] = {
    "count": "Int64", "evidence_start": "Int64", "evidence_end": "Int64",
    "rate_km2_per_day": "float64", "area_km2": "float64", "confidence": "float64",
    "evidence_article": "object", "evidence_sentence": "object", "encircled": "boolean",
}

Frames: TypeAlias = "dict[str, gpd.GeoDataFrame]"
"""Layer name -> its rows as a GeoDataFrame (EPSG:4326)."""
