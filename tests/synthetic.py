"""Canonical synthetic theatres with known answers, made in code.

Two square countries on the equator (where a degree is ~111 km both ways):
``UA`` spans lon 10-12, ``RU`` lon 12-13, both lat -0.5..0.5. The sides are
``RU`` and ``UA``, each at home in its country. Inside UA the front is the
meridian ``FRONT_LON``: east of it RU holds the ground. Settlements sit on a
jittered grid ``SPACING`` degrees apart, each labelled with the side of its
half, so the true division of UA is known exactly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import shapely

from frontline.geo import Place
from frontline.scenario import Report, Scenario

FRONT_LON = 11.5
SPACING = 0.1  # degrees: ~11 km
UA_BOX = (10.0, -0.5, 12.0, 0.5)
RU_BOX = (12.0, -0.5, 13.0, 0.5)


def write_borders(folder: Path) -> Path:
    path = folder / "borders.geojson"
    features = [
        {"type": "Feature", "properties": {"ISO_A2": code},
         "geometry": shapely.geometry.mapping(shapely.box(*box))}
        for code, box in (("UA", UA_BOX), ("RU", RU_BOX))
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def grid_settlements(spacing: float = SPACING) -> list[dict[str, Any]]:
    """Labelled points of UA with a deterministic jitter of up to a fifth of the spacing."""
    rows = []
    n = 0
    lon = UA_BOX[0] + spacing / 2
    while lon < UA_BOX[2]:
        lat = UA_BOX[1] + spacing / 2
        while lat < UA_BOX[3]:
            n += 1
            jx = ((n * 7919) % 11 - 5) / 25 * spacing
            jy = ((n * 104729) % 13 - 6) / 30 * spacing
            x, y = round(lon + jx, 5), round(lat + jy, 5)
            rows.append({"name": f"S{n:03d}", "side": "RU" if x > FRONT_LON else "UA",
                         "lat": y, "lon": x, "country": "UA"})
            lat += spacing
        lon += spacing
    return rows


def true_ru_in_ua() -> Any:
    return shapely.box(FRONT_LON, UA_BOX[1], UA_BOX[2], UA_BOX[3])


def scenario_text(*, start: str = "2024-01-01", end: str = "2024-02-29",
                  reports: str = "", settlements: list[dict[str, Any]] | None = None) -> str:
    rows = settlements if settlements is not None else grid_settlements()
    table = "\n".join(
        f"    - {{name: {r['name']}, side: {r['side']}, lat: {r['lat']}, lon: {r['lon']}, "
        f"country: {r['country']}}}" for r in rows)
    return f"""name: Synthetic square countries
theatre:
  countries: [UA, RU]
  borders: borders.geojson
  margin_km: 500
period: {{start: {start}, end: {end}}}
sides:
  - {{id: RU, name: Russia, colour: "#c0392b", country: RU}}
  - {{id: UA, name: Ukraine, colour: "#1f5fa8", country: UA}}
baseline:
  date: {start}
  settlements:
{table}
reports:
{reports or '  []'}
"""


def write_scenario(folder: Path, **kwargs: Any) -> Path:
    write_borders(folder)
    path = folder / "scenario.yaml"
    path.write_text(scenario_text(**kwargs), encoding="utf-8")
    return path


def place_of(scenario: Scenario | None, report: str | Report) -> Place:
    """A report's resolved place (by id in ``scenario``, or the report itself): it must
    have one."""
    if isinstance(report, str):
        assert scenario is not None
        report = next(r for r in scenario.reports if r.id == report)
    assert report.place is not None, report.id
    return report.place
