"""Claims that place the front (``advance``, ``fighting``, ``siege``) read from sentences
written for these tests, and taken by a scenario."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from frontline.cli import main
from frontline.news.articles import Article
from frontline.news.extract import Extractor

D = dt.date
PUBLISHED = D(2024, 11, 14)


@pytest.fixture(scope="module")
def ex(index_path: Path) -> Extractor:
    return Extractor(fronts=True)


def read(ex: Extractor, text: str, published: dt.date = PUBLISHED
         ) -> list[tuple[Any, ...]]:
    out = ex.extract(Article("t", text, published)).to_dict()["reports"]
    return [(r["kind"], r["side"], r["place"], str(r["date"]), r.get("encircled"))
            for r in out]


def test_advances_near_places_in_a_list(ex: Extractor) -> None:
    got = read(ex, "Geolocated footage published on November 12 indicates that Russian forces "
                   "recently advanced near Kurakhivka and west of Selydove.")
    assert got == [("advance", "RU", "Kurakhivka", "2024-11-12", None),
                   ("advance", "RU", "Selydove", "2024-11-12", None)]
    got = read(ex, "Ukrainian troops made marginal gains in central Vovchansk on Tuesday.")
    assert got == [("advance", "UA", "Vovchansk", "2024-11-12", None)]


def test_footage_showing_forces_in_a_town_is_an_advance(ex: Extractor) -> None:
    got = read(ex, "Footage posted on Monday shows Russian soldiers operating in eastern "
                   "Toretsk.")
    assert got == [("advance", "RU", "Toretsk", "2024-11-11", None)]


def test_fighting_with_and_without_an_attacker(ex: Extractor) -> None:
    assert read(ex, "Heavy fighting continues near Vovchansk, the regional governor said on "
                    "Wednesday.") == [("fighting", "", "Vovchansk", "2024-11-13", None)]
    got = read(ex, "Russian forces attacked near Ulakly, Sontsivka and Kurakhove.")
    assert [(k, s, p) for k, s, p, *_ in got] == [("fighting", "RU", "Ulakly"),
                                                  ("fighting", "RU", "Sontsivka"),
                                                  ("fighting", "RU", "Kurakhove")]
    # the defender repels: the attacker is the side whose assaults they were
    assert read(ex, "Ukrainian forces repelled Russian assaults near Toretsk.")[0][:3] == \
        ("fighting", "RU", "Toretsk")
    assert read(ex, "Ukraine's troops repelled eight attacks near Kupiansk.")[0][:3] == \
        ("fighting", "RU", "Kupiansk")


def test_which_way_and_where(ex: Extractor) -> None:
    """'attacked northeast of X near A, B and C': X says which way, A, B and C are where;
    'advanced to the eastern outskirts of X'; 'in the center of X'; a counterattack."""
    got = read(ex, "Russian forces attacked southeast of Kupiansk near Kindrashivka and "
                   "Petropavlivka on Monday.")
    assert sorted(p for _, _, p, *_ in got) == ["Kindrashivka", "Petropavlivka"]
    assert read(ex, "Footage from Sunday indicates that Russian forces advanced to the "
                    "southern outskirts of Kurakhove.")[0][:3] == ("advance", "RU", "Kurakhove")
    assert read(ex, "Battles were raging in the centre of Chasiv Yar.")[0][:3] == \
        ("fighting", "", "Chasiv Yar")
    assert read(ex, "Ukrainian units counterattacked near Hirnyk.")[0][:3] == \
        ("fighting", "UA", "Hirnyk")


def test_an_advance_that_did_not_happen_is_fighting_not_an_advance(ex: Extractor) -> None:
    for text in ("Russian troops unsuccessfully attempted to advance near Pokrovsk.",
                 "Russian forces continued assaults near Pokrovsk but did not advance.",
                 "Russian forces did not advance near Pokrovsk."):
        got = read(ex, text)
        assert [g[:3] for g in got] == [("fighting", "RU", "Pokrovsk")], text


def test_denied_or_imagined_fighting_gives_nothing(ex: Extractor) -> None:
    for text in ("There was no fighting near Kupiansk on Monday.",
                 "Officials said fighting could reach Kramatorsk within weeks.",
                 "Russia will encircle Pokrovsk, a Russian blogger wrote.",
                 "Velyka Novosilka is nearly encircled, a Ukrainian officer said.",
                 "Ukrainian troops withdrew to avoid encirclement near Kurakhove."):
        assert read(ex, text) == [], text


def test_sieges_besieged_or_cut_off(ex: Extractor) -> None:
    assert read(ex, "Russian forces have encircled Vuhledar, a Ukrainian commander said on "
                    "Monday.") == [("siege", "RU", "Vuhledar", "2024-11-11", True)]
    assert read(ex, "Chasiv Yar has been besieged by Russian troops since the spring.") == \
        [("siege", "RU", "Chasiv Yar", "2024-11-14", False)]
    # no besieger named: no claim (the side is not guessed from other sentences)
    assert read(ex, "Russian troops shelled Kostiantynivka. Chasiv Yar is besieged.") == []


def test_front_claims_only_when_asked(index_path: Path) -> None:
    text = "Russian forces advanced near Kurakhivka. Fighting continues near Vovchansk."
    assert Extractor().extract(Article("t", text, D(2024, 11, 14))).reports == []


def test_a_captured_place_is_not_also_an_advance(ex: Extractor) -> None:
    got = read(ex, "Russian forces captured Selydove and advanced near Kurakhivka on Sunday.")
    assert [g[:3] for g in got] == [("capture", "RU", "Selydove"),
                                    ("advance", "RU", "Kurakhivka")]


def test_extracted_front_claims_go_into_a_scenario(tmp_path: Path, runner: CliRunner,
                                                   demo_copy: Path) -> None:
    scenario = demo_copy
    art = tmp_path / "a.txt"
    art.write_text("Russian forces recently advanced near Hirnyk, the General Staff said on "
                   "Monday. Fighting continues near Kurakhove.", encoding="utf-8")
    res = runner.invoke(main, ["extract", str(art), "--published", "2024-10-22", "--fronts",
                               "--into", str(scenario), "--yes"])
    assert res.exit_code == 0, res.output
    from frontline.scenario import load_scenario

    added = {(r.kind, r.side, r.place_name, str(r.date))
             for r in load_scenario(scenario).reports if r.kind in ("advance", "fighting")}
    assert ("advance", "RU", "Hirnyk", "2024-10-21") in added
    assert ("fighting", "", "Kurakhove", "2024-10-22") in added


def test_the_parser_gives_a_figure_its_clause_period(index_path: Path) -> None:
    """'In the past seven days a further 3 km² were added': the period and the verb are
    around the figure, in its clause; the rules alone see an area and no period, the parse sees
    both."""
    from frontline.news.syntax import available

    if not available():
        pytest.skip("spaCy's English model is not installed (frontline[nlp])")
    text = ("Ukraine's brigades have cleared 38 square kilometres near Avdiivka since the "
            "operation began. In the past seven days a further 3 square kilometres were added, "
            "the spokesman said on Monday.")
    article = Article("t", text, D(2023, 9, 18))
    rates = [(r.side, str(r.start), str(r.end), r.rate_km2_per_day)
             for r in Extractor(parser=True).extract(article).reports
             if r.kind == "advance_rate"]
    assert rates == [("UA", "2023-09-12", "2023-09-18", 0.429)]
    assert not [r for r in Extractor().extract(article).reports if r.kind == "advance_rate"]


def test_parser_flag_without_the_model_says_how_to_install(
        tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import frontline.news.syntax as syntax

    monkeypatch.setattr(syntax, "available", lambda: False)
    art = tmp_path / "a.txt"
    art.write_text("Russian forces captured Selydove on Sunday.", encoding="utf-8")
    res = runner.invoke(main, ["extract", str(art), "--published", "2024-10-28", "--parser"])
    assert res.exit_code != 0 and "pip install 'frontline[nlp]'" in res.output
    assert "Traceback" not in res.output


def test_attacks_on_positions_near_places(ex: Extractor) -> None:
    """'attacked Ukrainian positions near X': the attacker is the subject, the side named
    with the positions the defender; a strike on a city's facilities is not the front."""
    got = read(ex, "Russian forces attacked Ukrainian positions in Hirnyk and Novohrodivka on "
                   "Tuesday.")
    assert got == [("fighting", "RU", "Hirnyk", "2024-11-12", None),
                   ("fighting", "RU", "Novohrodivka", "2024-11-12", None)]
    got = read(ex, "Ukrainian troops repelled attacks by Russian forces near Kurakhove on "
                   "Monday.")
    assert got == [("fighting", "RU", "Kurakhove", "2024-11-11", None)]
    assert read(ex, "Russian drones attacked energy facilities in Odesa overnight.") == []
