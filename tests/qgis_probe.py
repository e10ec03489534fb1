"""Run by the tests with Debian's Python and QGIS (python3-qgis), offscreen.

``python3 qgis_probe.py GPKG DAY LON LAT`` opens the GeoPackage's time-aware layers as
QGIS desktop does (the layer, then its default style from ``layer_styles``) and
prints, as JSON, for each: whether its temporal properties are active, their
mode, the dates of the features a temporal controller frame of DAY (one day,
from midnight UTC) draws, and the title and abstract of its metadata; and the
colour QGIS renders at (LON, LAT) for that frame of ``control``.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from qgis.core import (
    QgsApplication,
    QgsDateTimeRange,
    QgsFeatureRequest,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsRectangle,
    QgsVectorLayer,
    QgsVectorLayerTemporalContext,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QSize, Qt, QTime
from qgis.PyQt.QtGui import QColor


def _pixel(path: str, day: QDate, lon: float, lat: float) -> list[int]:
    """The colour QGIS draws at (lon, lat) on a white map of ``control`` for the day's frame."""
    options = QgsVectorLayer.LayerOptions()
    options.loadDefaultStyle = False
    layer = QgsVectorLayer(f"{path}|layername=control", "control", "ogr", options)
    layer.loadDefaultStyle()
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(QgsRectangle(lon - 0.05, lat - 0.05, lon + 0.05, lat + 0.05))
    settings.setOutputSize(QSize(21, 21))
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setIsTemporal(True)
    settings.setTemporalRange(QgsDateTimeRange(QDateTime(day, QTime(0, 0), Qt.UTC),
                                               QDateTime(day.addDays(1), QTime(0, 0), Qt.UTC),
                                               True, False))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    colour = job.renderedImage().pixelColor(10, 10)
    return [colour.red(), colour.green(), colour.blue()]


def main() -> None:
    path, day = sys.argv[1], QDate.fromString(sys.argv[2], "yyyy-MM-dd")
    app = QgsApplication([], False)
    app.initQgis()
    out: dict[str, Any] = {}
    for name in ("control", "gains", "front_lines", "front_band", "contested"):
        options = QgsVectorLayer.LayerOptions()
        options.loadDefaultStyle = False  # as QGIS desktop adds a layer: then its style
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr", options)
        _, loaded = layer.loadDefaultStyle()
        props = layer.temporalProperties()
        frame = QgsDateTimeRange(QDateTime(day, QTime(0, 0), Qt.UTC),
                                 QDateTime(day.addDays(1), QTime(0, 0), Qt.UTC), True, False)
        context = QgsVectorLayerTemporalContext()
        context.setLayer(layer)
        request = QgsFeatureRequest().setFilterExpression(props.createFilterString(context,
                                                                                  frame))
        dates = [f["date"].toString(Qt.ISODate)[:10] for f in layer.getFeatures(request)]
        out[name] = {"valid": layer.isValid(), "style": bool(loaded),
                     "active": props.isActive(), "mode": int(props.mode()), "dates": dates,
                     "classes": [c.value() for c in getattr(layer.renderer(), "categories",
                                                            lambda: [])()],
                     "title": layer.metadata().title(),
                     "abstract": layer.metadata().abstract()}
    out["pixel"] = _pixel(path, day, float(sys.argv[3]), float(sys.argv[4]))
    print(json.dumps(out), flush=True)
    os._exit(0)  # (tearing QGIS down with layers alive can crash: nothing is left to do)


if __name__ == "__main__":
    main()
