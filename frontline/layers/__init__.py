"""Territory: the control model over time and the writers of its layers.

:mod:`frontline.geo` never imports from here. Importing this package imports
shapely, pyproj and numpy but not geopandas, folium or rasterio.
"""

from frontline.layers.build import BuildResult, build, demo_scenario_path
from frontline.layers.timeline import Change, Timeline, build_timeline

__all__ = ["BuildResult", "Change", "Timeline", "build", "build_timeline",
           "demo_scenario_path"]
