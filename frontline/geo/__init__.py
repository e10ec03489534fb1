"""Places only: names and spelling keys, the gazetteer, geocoding, user places, borders.

Also the geometry of places (the equal-area projection, the overlays). Nothing
here imports the other rooms of Frontline, nor geopandas, folium or rasterio.
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
