"""Make the README's QGIS picture: the demo GeoPackage in QGIS on 2024-10-27.

Run with Debian's Python and QGIS, offscreen, after ``frontline demo``::

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 docs/make_qgis_screenshot.py \\
        frontline-demo/frontline.gpkg

It adds the layers as QGIS desktop does (each with its default style from the
file), sets the map's time to the day 2024-10-27 as the temporal controller
would, renders the front from Kharkiv to Zaporizhzhia and saves
``docs/qgis-2024-10-27.png``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDateTimeRange,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QSize, Qt, QTime
from qgis.PyQt.QtGui import QColor

GPKG = Path(sys.argv[1] if len(sys.argv) > 1 else "frontline-demo/frontline.gpkg").resolve()
OUT = Path(__file__).resolve().parent / "qgis-2024-10-27.png"


def main() -> None:
    app = QgsApplication([], False)
    app.initQgis()
    layers = []
    for name in ("places", "front_lines", "gains", "control"):  # top first
        options = QgsVectorLayer.LayerOptions()
        options.loadDefaultStyle = False
        layer = QgsVectorLayer(f"{GPKG}|layername={name}", name, "ogr", options)
        layer.loadDefaultStyle()
        QgsProject.instance().addMapLayer(layer)
        layers.append(layer)
    settings = QgsMapSettings()
    settings.setLayers(layers)
    mercator = QgsCoordinateReferenceSystem("EPSG:3857")
    settings.setDestinationCrs(mercator)
    to_map = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), mercator,
                                    QgsProject.instance())
    settings.setExtent(to_map.transformBoundingBox(QgsRectangle(35.0, 47.0, 39.5, 50.2)))
    settings.setOutputSize(QSize(1100, 900))
    settings.setBackgroundColor(QColor(235, 235, 235))
    settings.setIsTemporal(True)
    day = QDate(2024, 10, 27)
    settings.setTemporalRange(QgsDateTimeRange(QDateTime(day, QTime(0, 0), Qt.UTC),
                                               QDateTime(day.addDays(1), QTime(0, 0), Qt.UTC),
                                               True, False))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    job.renderedImage().save(str(OUT), "PNG")
    print(OUT, flush=True)
    os._exit(0)


if __name__ == "__main__":
    main()
