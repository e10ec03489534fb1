"""Default QGIS styles for the GeoPackage's layers, in the ``layer_styles`` table QGIS reads.

``control`` is coloured by side (the scenario's colours), ``gains`` hatched in the
gaining side's colour, ``front_lines`` bold, ``places`` labelled with their names
and ``reports`` drawn as stars. QGIS applies a layer's default style from this
table when the layer is opened; the styles of ``control``, ``gains`` and
``front_lines`` make them time-aware (one day per frame of the temporal
controller).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from xml.sax.saxutils import quoteattr

from frontline.layers.schema import BASES, LAYERS

__all__ = ["qml", "write_layer_styles"]

_HEAD = ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
         '<qgis version="3.34.0" styleCategories="Symbology|Labeling|Temporal" '
         'labelsEnabled="{labels}">\n')
#: Time-aware layers: each feature is shown from ``valid_from`` until ``valid_to`` (the next
#: day), taken by expressions: QGIS 3.22 compares plain date fields of a GeoPackage as text
#: inside SQLite and shows two days per frame, expressions give exactly one (mode 4: start
#: and end from expressions).
_TEMPORAL = ('<temporal enabled="1" mode="4" accumulate="0" fixedDuration="0" '
             'durationUnit="d" startField="" endField="" durationField="" '
             'startExpression="to_datetime(&quot;valid_from&quot;)" '
             'endExpression="to_datetime(&quot;valid_to&quot;)" limitMode="0">'
             "<fixedRange><start></start><end></end></fixedRange></temporal>")
_DDP = ('<data_defined_properties><Option type="Map"><Option type="QString" name="name" '
        'value=""/><Option name="properties"/><Option type="QString" name="type" '
        'value="collection"/></Option></data_defined_properties>')


def _rgb(colour: str, alpha: int = 255) -> str:
    text = colour.lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    try:
        r, g, b = (int(text[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        r, g, b = (136, 136, 136)
    return f"{r},{g},{b},{alpha}"


def _options(values: dict[str, str]) -> str:
    inner = "".join(f'<Option type="QString" name="{k}" value={quoteattr(v)}/>'
                    for k, v in values.items())
    return f'<Option type="Map">{inner}</Option>'


def _symbol(kind: str, name: str, layer_class: str, values: dict[str, str],
            alpha: float = 1.0) -> str:
    return (f'<symbol type="{kind}" name="{name}" alpha="{alpha}" clip_to_extent="1" '
            f'force_rhr="0" frame_rate="10" is_animated="0">{_DDP}'
            f'<layer class="{layer_class}" enabled="1" locked="0" pass="0">'
            f"{_options(values)}</layer></symbol>")


def _fill(colour: str, *, hatched: bool) -> dict[str, str]:
    return {"color": _rgb(colour), "style": "b_diagonal" if hatched else "solid",
            "outline_color": _rgb(colour) if hatched else "60,60,60,255",
            "outline_style": "solid", "outline_width": "0.4" if hatched else "0.15",
            "outline_width_unit": "MM"}


def _categorized(attr: str, sides: list[tuple[str, str, str]], *, hatched: bool) -> str:
    categories = "".join(
        f'<category render="true" value={quoteattr(sid)} symbol="{i}" '
        f'label={quoteattr(name)} type="string"/>' for i, (sid, name, _) in enumerate(sides))
    symbols = "".join(_symbol("fill", str(i), "SimpleFill", _fill(colour, hatched=hatched),
                              alpha=1.0 if hatched else 0.5)
                      for i, (_, _, colour) in enumerate(sides))
    return (f'<renderer-v2 type="categorizedSymbol" attr="{attr}" forceraster="0" '
            f'symbollevels="0" enableorderby="0" referencescale="-1">'
            f"<categories>{categories}</categories><symbols>{symbols}</symbols></renderer-v2>")


#: How a change of hands is drawn by what it rests on: reported ground hatched in its side's
#: colour, claimed ground with the other diagonal and lighter, modelled ground dotted and
#: lighter still (as the map draws it lighter).
_BASIS_FILL = {"reported": ("b_diagonal", 1.0), "claimed": ("f_diagonal", 0.7),
               "modelled": ("dense5", 0.5)}


def _by_side_and_basis(sides: list[tuple[str, str, str]]) -> str:
    """The gains: one class per side and basis (``"RU:modelled"``), on an expression."""
    classes = [(sid, name, colour, basis) for sid, name, colour in sides for basis in BASES]
    categories = "".join(
        f'<category render="true" value={quoteattr(f"{sid}:{basis}")} symbol="{i}" '
        f'label={quoteattr(f"{name}: {basis}")} type="string"/>'
        for i, (sid, name, _, basis) in enumerate(classes))
    symbols = "".join(
        _symbol("fill", str(i), "SimpleFill",
                {**_fill(colour, hatched=True), "style": _BASIS_FILL[basis][0]},
                alpha=_BASIS_FILL[basis][1])
        for i, (_, _, colour, basis) in enumerate(classes))
    expression = quoteattr("\"side\" || ':' || coalesce(\"basis\", 'reported')")
    return (f'<renderer-v2 type="categorizedSymbol" attr={expression} forceraster="0" '
            f'symbollevels="0" enableorderby="0" referencescale="-1">'
            f"<categories>{categories}</categories><symbols>{symbols}</symbols></renderer-v2>")


def _single(symbol: str) -> str:
    return (f'<renderer-v2 type="singleSymbol" forceraster="0" symbollevels="0" '
            f'enableorderby="0" referencescale="-1"><symbols>{symbol}</symbols></renderer-v2>')


#: Place names around their dot, a millimetre off (placement 0: around the point; 1 would
#: put them over it, the offset ignored).
_LABELS = ('<labeling type="simple"><settings calloutType="simple">'
           '<text-style fieldName="name" isExpression="0" fontSize="8" fontSizeUnit="Point" '
           'textColor="20,20,20,255" textOpacity="1"/>'
           '<text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" '
           'bufferColor="255,255,255,255" bufferOpacity="1"/>'
           '<placement placement="0" dist="1" distUnits="MM" priority="5"/>'
           '<rendering drawLabels="1" obstacle="1" scaleVisibility="0"/>'
           "</settings></labeling>")


def qml(layer: str, sides: list[tuple[str, str, str]]) -> str:
    """The QGIS style (QML) of one layer.

    Parameters
    ----------
    layer : str
        One of :data:`~frontline.layers.schema.LAYERS`.
    sides : list of (id, name, colour)

    Examples
    --------
    >>> text = qml("control", [("RU", "Russia", "#c0392b"), ("UA", "Ukraine", "#1f5fa8")])
    >>> 'value="RU"' in text and "192,57,43,255" in text
    True
    """
    labels = "0"
    if layer == "control":
        body = _categorized("side", sides, hatched=False)
    elif layer == "gains":  # by side and by what the change rests on
        body = _by_side_and_basis(sides)
    elif layer == "front_lines":
        body = _single(_symbol("line", "0", "SimpleLine", {
            "line_color": "0,0,0,255", "line_width": "0.8", "line_width_unit": "MM",
            "line_style": "solid", "capstyle": "round", "joinstyle": "round"}))
    elif layer == "front_band":
        body = _single(_symbol("fill", "0", "SimpleFill", {
            "color": "90,90,90,40", "outline_color": "60,60,60,160", "outline_width": "0.3",
            "outline_width_unit": "MM", "outline_style": "dash", "style": "solid"}))
    elif layer == "contested":
        body = _single(_symbol("fill", "0", "SimpleFill", {
            "color": "128,128,128,110", "outline_color": "110,110,110,200",
            "outline_width": "0.2", "outline_width_unit": "MM", "outline_style": "solid",
            "style": "solid"}))
    elif layer == "places":
        body = _single(_symbol("marker", "0", "SimpleMarker", {
            "name": "circle", "color": "255,255,255,255", "outline_color": "0,0,0,255",
            "outline_width": "0.3", "size": "1.8", "size_unit": "MM"})) + _LABELS
        labels = "1"
    elif layer == "reports":
        body = _single(_symbol("marker", "0", "SimpleMarker", {
            "name": "star", "color": "255,200,0,255", "outline_color": "0,0,0,255",
            "outline_width": "0.3", "size": "3.5", "size_unit": "MM"}))
    else:
        raise ValueError(f"no style for layer {layer!r}")
    temporal = _TEMPORAL if layer in ("control", "gains", "front_lines", "front_band",
                                      "contested") else ""
    return _HEAD.format(labels=labels) + temporal + body + "\n</qgis>\n"


_TABLE = """CREATE TABLE IF NOT EXISTS layer_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
  f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT,
  styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
  update_time DATETIME)"""


def write_layer_styles(gpkg: str | Path, sides: list[tuple[str, str, str]], *,
                       stamp: str) -> None:
    """Add the default styles to a GeoPackage (the table QGIS reads and writes itself).

    Parameters
    ----------
    gpkg : path-like
    sides : list of (id, name, colour)
    stamp : str
        The time written in ``update_time`` and ``gpkg_contents``, ISO 8601.
    """
    con = sqlite3.connect(gpkg)
    try:
        with con:
            con.execute(_TABLE)
            con.execute("DELETE FROM layer_styles WHERE styleName = 'frontline'")
            geometry = dict(con.execute(
                "SELECT table_name, column_name FROM gpkg_geometry_columns"))
            for layer in LAYERS:
                con.execute(
                    "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
                    "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, "
                    "description, owner, ui, update_time) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    ("", "", layer, geometry.get(layer, "geom"), "frontline", qml(layer, sides),
                     "", 1, f"Frontline's default style for {layer}", "", None, stamp),
                )
            con.execute(
                "INSERT OR REPLACE INTO gpkg_contents (table_name, data_type, identifier, "
                "description, last_change) VALUES ('layer_styles', 'attributes', "
                "'layer_styles', 'QGIS styles', ?)", (stamp,))
    finally:
        con.close()
