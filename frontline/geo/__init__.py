"""Places: names and spelling keys, the gazetteer and geocoding, user places, regions, borders.

Also the geometry places are measured in (the equal-area projection, the overlays on one
precision grid) that every other room uses. Nothing here imports the other rooms of
Frontline, nor geopandas, folium or rasterio.
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
