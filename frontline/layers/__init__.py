"""The writers: the GeoPackage and its styles, the raster, the map, figures and stats.

They put a :class:`~frontline.model.Timeline` into files and pages; :func:`build`
runs the model and then every writer, as one set. :mod:`frontline.geo` and
:mod:`frontline.model` never import from here. Importing this package imports
shapely, pyproj and numpy but not geopandas, folium or rasterio.
"""

from frontline.layers.build import BuildResult, build, demo_scenario_path

__all__ = ["BuildResult", "build", "demo_scenario_path"]
