"""Run by the tests with Debian's Python and QGIS, offscreen: open a raster as QGIS desktop
does and print, as JSON, its renderer, band, CRS validity, the share of a rendered image that
is not blank, and whether QGIS left a ``.aux.xml`` beside it."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsRasterLayer,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def main() -> None:
    path = Path(sys.argv[1])
    app = QgsApplication([], False)
    app.initQgis()
    layer = QgsRasterLayer(str(path), "capture_date")
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(layer.extent())
    settings.setOutputSize(QSize(400, 300))
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    drawn = sum(1 for x in range(0, 400, 4) for y in range(0, 300, 4)
                if image.pixelColor(x, y) != QColor(255, 255, 255))
    out = {"valid": layer.isValid(), "renderer": layer.renderer().type(),
           "band": layer.renderer().usesBands(), "crs_valid": layer.crs().isValid(),
           "crs": layer.crs().authid(), "drawn": drawn / (100 * 75),
           "aux": Path(str(path) + ".aux.xml").exists()}
    print(json.dumps(out), flush=True)
    os._exit(0)


if __name__ == "__main__":
    main()
