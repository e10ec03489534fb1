"""Places: the gazetteer, name matching, geocoding and regions.

Nothing here imports geopandas, folium or rasterio.
"""

from frontline.geo.geocode import Candidate, Gazetteer, Match
from frontline.geo.names import exact_key, folded_key
from frontline.geo.places import Place, Region, Renaming

__all__ = [
    "Candidate",
    "Gazetteer",
    "Match",
    "Place",
    "Region",
    "Renaming",
    "exact_key",
    "folded_key",
]
