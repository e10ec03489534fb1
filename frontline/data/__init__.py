"""Data tables shipped with Frontline (read with importlib.resources), and its examples."""

__all__ = ["DEFAULT_EXAMPLE", "EXAMPLES"]

#: The embedded examples: name -> (scenario file in ``frontline.data``, what it shows).
EXAMPLES: dict[str, tuple[str, str]] = {
    "autumn-2024": ("autumn_2024.yaml",
                    "Ukraine and Russia's Kursk region, 2024-08-31 to 2024-11-02: the slow "
                    "front in Donetsk oblast (14 km² a day in September) and Ukraine's "
                    "incursion into Kursk oblast"),
    "invasion-2022": ("invasion_2022.yaml",
                      "Russia's invasion of Ukraine, 2022-02-24 to 2022-04-30: advances on "
                      "every axis (1,265 km² a day in March), sieges, the withdrawal from "
                      "the north"),
}
#: The example ``frontline demo`` builds unless told otherwise (into ``frontline-demo/``).
DEFAULT_EXAMPLE = "autumn-2024"
