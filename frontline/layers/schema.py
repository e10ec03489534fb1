"""The layers Frontline writes: their names, date fields and fixed field types.

The GeoPackage, the GeoJSON/FlatGeobuf files, the QGIS styles, the map and the
statistics all take the list of layers from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = ["BASES", "DATE_COLUMNS", "LAYERS", "OPTIONAL_LAYERS", "REPORT_TYPES", "Frames"]

#: The layers, in the order they are written.
LAYERS: tuple[str, ...] = ("control", "gains", "front_lines", "front_band", "contested",
                           "places", "reports")

#: Layers a GeoPackage of an earlier version may lack (read when there, else left out).
OPTIONAL_LAYERS: tuple[str, ...] = ("front_band", "contested")

#: Fields written as DATETIME (midnight), whichever layer has them.
DATE_COLUMNS: tuple[str, ...] = ("date", "valid_from", "valid_to", "changed_on", "start", "end",
                                 "source_published")

#: Fields of ``reports`` that may be empty in every row, with the type they always have.
REPORT_TYPES: dict[str, str] = {
    "count": "Int64", "evidence_start": "Int64", "evidence_end": "Int64",
    "rate_km2_per_day": "float64", "area_km2": "float64", "confidence": "float64",
    "evidence_article": "object", "evidence_sentence": "object", "encircled": "boolean",
    "confirmed": "boolean",
}

#: What a piece of ground that changed hands rests on (the ``basis`` of ``gains``):
#: ``reported``: a report of the place or region put it there (a capture, a withdrawal, an
#: encirclement, an area held); ``claimed``: the same, but every such report is marked
#: ``confirmed: false``; ``modelled``: an advance rate placed it (its daily share, or a pocket
#: its wave closed), which no report names.
BASES: tuple[str, ...] = ("reported", "claimed", "modelled")

Frames: TypeAlias = "dict[str, gpd.GeoDataFrame]"
"""Layer name -> its rows as a GeoDataFrame (EPSG:4326)."""
