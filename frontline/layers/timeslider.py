"""The map's time slider: one declarative folium element with its template and assets.

As folium's plugins do, the template and the JavaScript and CSS are class
attributes (read from ``frontline/layers/assets/``, inlined in the page, never
fetched); an instance carries the map's data. It draws the ground of the
selected day, the front, the markers and their popups, the legend and the chart.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from branca.element import MacroElement
from jinja2 import Template

__all__ = ["TimeSlider", "script_json"]


def _asset(name: str) -> str:
    return resources.files("frontline.layers").joinpath("assets", name).read_text(encoding="utf-8")


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class TimeSlider(MacroElement):
    """The slider and everything that follows it, for the map's data.

    Parameters
    ----------
    data : dict
        What :func:`frontline.layers.webmap.map_data` gives.
    tile_url, attribution : str or None
        The basemap, if any.
    """

    _template = Template(_asset("timeslider.html.j2"))
    css = _asset("timeslider.css")
    js = _asset("timeslider.js")

    def __init__(self, data: dict[str, Any], *, tile_url: str | None,
                 attribution: str | None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca is not typed
        self._name = "TimeSlider"
        self.data_json = script_json(data)
        self.tile_url = json.dumps(tile_url)
        self.attribution = json.dumps(attribution)
