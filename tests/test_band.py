"""Where the front may be: a band narrow where reports pin the front, wider where only a rate
moved it, measured on a square country with a straight front (exact widths)."""

from __future__ import annotations

import datetime as dt

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.model.band import BandMaker, pins
from frontline.thresholds import BAND_GROWTH, BAND_MAX_KM, BAND_MIN_KM

KM = 1_000.0
COUNTRY = shapely.box(0, 0, 100 * KM, 100 * KM)


def front_at(x_km: float) -> shapely.LineString:
    """A straight north-south front at ``x_km``, across the country."""
    return shapely.LineString([(x_km * KM, 0), (x_km * KM, 100 * KM)])


def test_a_front_where_the_baseline_put_it_is_pinned_everywhere() -> None:
    band = BandMaker(front_at(50), COUNTRY).band(front_at(50), [])
    assert band is not None
    # a straight front 100 km long, both sides at the least half-width, cut at the country
    assert band.width_km == pytest.approx(2 * BAND_MIN_KM, rel=1e-6)
    assert band.pinned == 1.0
    assert band.geometry.area == pytest.approx(100 * KM * 2 * BAND_MIN_KM * KM, rel=1e-6)


def test_a_front_a_rate_moved_is_wider_by_how_far_it_moved() -> None:
    moved = 2.0  # km from the baseline front, nothing reported near it
    band = BandMaker(front_at(50), COUNTRY).band(front_at(50 + moved), [])
    assert band is not None
    half = min(BAND_MIN_KM + BAND_GROWTH * moved, BAND_MAX_KM)
    assert band.width_km == pytest.approx(2 * half, rel=1e-6)
    assert band.pinned == 0.0
    far = BandMaker(front_at(50), COUNTRY).band(front_at(80), [])
    assert far is not None and far.width_km == pytest.approx(2 * BAND_MAX_KM, rel=1e-6)


def test_a_report_pins_the_front_near_its_place_for_its_days() -> None:
    from frontline.scenario import Report, Source

    capture = Report("c", "capture", "RU", Source("t"), date=dt.date(2024, 9, 10))
    point_of = {"c": (58 * KM, 50 * KM)}
    assert pins([capture], dt.date(2024, 9, 20), point_of) == [(58 * KM, 50 * KM)]
    assert pins([capture], dt.date(2024, 9, 30), point_of) == []  # more than 14 days after
    assert pins([capture], dt.date(2024, 9, 1), point_of) == []   # more than 7 days before
    band = BandMaker(front_at(50), COUNTRY).band(front_at(58), [point_of["c"]])
    assert band is not None
    # narrow where the capture is, as wide as the move 10 km away along the front
    at_town = shapely.LineString([(50 * KM, 50 * KM), (70 * KM, 50 * KM)])
    far_off = shapely.LineString([(50 * KM, 90 * KM), (70 * KM, 90 * KM)])
    assert shapely.intersection(band.geometry, at_town).length < \
        shapely.intersection(band.geometry, far_off).length
    assert 0.0 < band.pinned < 0.2


@settings(max_examples=25, deadline=None)
@given(x=st.floats(5, 95), moved=st.floats(-4, 4), pin=st.floats(0, 100))
def test_the_band_holds_its_front_within_the_country(x: float, moved: float, pin: float) -> None:
    front = front_at(min(max(x + moved, 1), 99))
    band = BandMaker(front_at(x), COUNTRY).band(front, [(x * KM, pin * KM)])
    assert band is not None and band.geometry.is_valid
    assert band.geometry.buffer(1e-6).covers(front)
    assert COUNTRY.buffer(1e-6).covers(band.geometry)
    assert 2 * BAND_MIN_KM - 1e-6 <= band.width_km <= 2 * BAND_MAX_KM + 1e-6
