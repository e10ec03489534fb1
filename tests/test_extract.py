"""`frontline extract`: news text to reports, each traced to its words."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import extract_scoring as scoring
import pytest
import yaml
from click.testing import CliRunner

from frontline.cli import main
from frontline.layers import demo_scenario_path
from frontline.news.articles import Article, BadRecord, read_articles
from frontline.news.dates import find_dates
from frontline.news.extract import SQ_MILE_KM2, Extractor, split_sentences
from frontline.news.merge import merge_into_scenario

D = dt.date


@pytest.fixture(scope="module")
def ex(index_path: Path) -> Extractor:
    return Extractor()


def one(ex: Extractor, text: str, published: dt.date, **kw: str) -> list[dict[str, Any]]:
    return ex.extract(Article("t", text, published, **kw)).to_dict()["reports"]


# -- the test sets ---------------------------------------------------------------------------------
def test_test_set_is_large_enough() -> None:
    cases = scoring.load_cases()
    assert len(cases) >= 40
    assert sum(1 for c in cases if not c["expect"]) >= 10  # sentences that must give nothing
    kinds = {r["kind"] for c in cases for r in c["expect"]}
    assert kinds == set(scoring.KINDS)


def test_precision_and_recall_per_kind(ex: Extractor) -> None:
    """The sets the rules were written against: a regression guard, so nearly everything."""
    cases = scoring.load_cases()
    for name in ("extract_cases_2.yaml", "extract_long.yaml"):
        cases += yaml.safe_load((scoring.CASES.parent / name).read_text("utf-8"))
    counts, misses = scoring.run(ex, cases)
    print("\n" + scoring.table(counts))
    for kind, c in counts.items():
        precision = c["tp"] / max(1, c["tp"] + c["fp"])
        recall = c["tp"] / max(1, c["tp"] + c["fn"])
        # one error of a kind with three or four cases is 0.67-0.75: allow it, no more
        assert precision >= 0.75 and recall >= 0.75, (kind, misses)
    total = {k: sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn")}
    assert total["tp"] / (total["tp"] + total["fp"]) >= 0.95, misses
    assert total["tp"] / (total["tp"] + total["fn"]) >= 0.9, misses


def test_held_out_set(ex: Extractor) -> None:
    """Wording the rules were not tuned on: what to expect on new text.

    Measured when it was written: precision 1.00 (10 of 10), recall 0.83 (10
    of 12; Robotyne is below the embedded gazetteer's 500 inhabitants, and
    "have begun fighting alongside" is not a deployment verb). A wrong report
    costs a reviewer more than a missed one, so precision is held higher.
    """
    cases = yaml.safe_load((scoring.CASES.parent / "extract_heldout.yaml").read_text("utf-8"))
    counts, misses = scoring.run(ex, cases)
    print("\n" + scoring.table(counts) + "\n" + "\n".join(misses))
    total = {k: sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn")}
    assert total["tp"] / (total["tp"] + total["fp"]) >= 0.9
    assert total["tp"] / (total["tp"] + total["fn"]) >= 0.75


def _news(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((scoring.CASES.parent / name).read_text("utf-8"))


def test_real_world_sets_are_large_enough() -> None:
    """Issue 11's sets: 150+ sentences and 10 whole articles in the styles of real reporting."""
    cases = _news("news_train.yaml") + _news("news_heldout.yaml")
    articles = [c for c in cases if "\n" in c["text"]]
    assert len(cases) - len(articles) >= 150 and len(articles) >= 10
    assert sum(1 for c in cases if not c["expect"]) >= 40
    assert sum(1 for c in cases for r in c["expect"] if r.get("unresolved")) >= 20


def test_real_world_training_set(ex: Extractor) -> None:
    """The set the rules were tuned on (news_train.yaml): a regression guard."""
    counts, misses = scoring.run(ex, _news("news_train.yaml"))
    print("\n" + scoring.table(counts))
    for kind, c in counts.items():
        assert c["tp"] / max(1, c["tp"] + c["fp"]) >= 0.9, (kind, misses)
        assert c["tp"] / max(1, c["tp"] + c["fn"]) >= 0.9, (kind, misses)


def _pooled(counts: Mapping[str, Mapping[str, int]], kinds: tuple[str, ...]) -> tuple[float, float]:
    tp = sum(counts[k]["tp"] for k in kinds)
    return (tp / max(1, tp + sum(counts[k]["fp"] for k in kinds)),
            tp / max(1, tp + sum(counts[k]["fn"] for k in kinds)))


def test_real_world_held_out_set(ex: Extractor) -> None:
    """news_heldout.yaml, frozen before any rule changed and never tuned on.

    Untouched (the rules of before issue 11): captures 0.68/0.39, withdrawals
    0.50/0.20, rates 0.75/0.55 (precision/recall). After tuning on
    news_train.yaml only: captures 0.97/0.92, withdrawals 0.83/0.50 (captures
    and withdrawals together 0.95/0.83), rates 1.00/0.82.
    """
    counts, _ = scoring.run(ex, _news("news_heldout.yaml"))  # its misses are not read here
    print("\n" + scoring.table(counts))
    for kinds in (("capture", "withdrawal"), ("advance_rate",)):
        precision, recall = _pooled(counts, kinds)
        assert precision >= 0.85 and recall >= 0.6, (kinds, precision, recall)


def test_the_seed_article_gives_its_four_facts(ex: Extractor) -> None:
    text = (scoring.CASES.parent / "seed_article.txt").read_text("utf-8").split("\n", 1)[1]
    e = ex.extract(Article("seed", text, D(2024, 10, 30)))
    data = e.to_dict()
    got = sorted((r["kind"], r.get("place") or r.get("region"), str(r.get("date") or r["start"]))
                 for r in data["reports"])
    assert got == [("advance_rate", None, "2022-03-01"), ("advance_rate", None, "2024-09-01"),
                   ("capture", "Selidovo", "2024-10-27"),
                   ("deployment", "Kursk region", "2024-10-29")], got
    # the typed reports say the same
    rates = {r.start: r.rate_km2_per_day for r in e.reports if r.kind == "advance_rate"}
    assert rates == {D(2024, 9, 1): 14.0, D(2022, 3, 1): 1265.0}
    assert all(r.side == "RU" for r in e.reports) and not e.unresolved
    (capture,) = (r for r in e.reports if r.kind == "capture")
    assert capture.place is not None and capture.place.name == "Selydove"
    assert capture.evidence is not None and capture.evidence.dated == "event"
    places = {m.text: m for m in e.mentions}
    assert not any(places[p].in_theatre for p in ("Brussels", "Seoul"))


# the words news uses for each oblast (and the Russian border regions) before 'village of'
REGION_WORDS = ["Cherkasy", "Chernihiv", "Chernivtsi", "Dnipropetrovsk", "Donetsk",
                "Ivano-Frankivsk", "Kharkiv", "Kherson", "Khmelnytskyi", "Kirovohrad", "Kyiv",
                "Luhansk", "Lviv", "Mykolaiv", "Odesa", "Poltava", "Rivne", "Sumy", "Ternopil",
                "Vinnytsia", "Volyn", "Zakarpattia", "Zaporizhzhia", "Zhytomyr", "Crimea",
                "Kursk", "Belgorod", "Bryansk"]


def test_a_region_word_never_becomes_the_place(ex: Extractor) -> None:
    """'the Kharkiv village of X' is X (in Kharkiv oblast, or unresolved), never Kharkiv."""
    forms = ["Russian forces captured the {r} village of {p} on Sunday.",
             "Ukrainian troops withdrew from the {r} village of {p}, the army said.",
             "Russia said its forces had taken the {r} region town of {p}.",
             "Russian troops seized {p} in the {r} region, the ministry said."]
    for i, r in enumerate(REGION_WORDS):
        for form in forms:
            p = ["Pishchane", "Novoselivka", "Hirnyk", "Sokil"][i % 4]
            e = ex.extract(Article("t", form.format(r=r, p=p), D(2024, 11, 20)))
            claims = e.reports + e.unresolved
            assert [c.place_name for c in claims] == [p], (form.format(r=r, p=p), claims)
            for c in e.reports:  # resolved: inside the region named
                region = ex.gaz.region(f"{r} region")
                assert c.evidence is not None and f"({region.name}," in c.evidence.resolved, c


def test_a_list_shares_the_region_named_before_or_after_it(ex: Extractor) -> None:
    """'the Zaporizhzhia villages of A and B' binds B too: no namesake in another oblast."""
    e = ex.extract(Article("t", "Russian forces captured the Zaporizhzhia villages of Vodiane "
                                "and Kamianka, the ministry said.", D(2024, 11, 20)))
    data = e.to_dict()
    assert [r["evidence"]["resolved"] for r in data["reports"]] == [
        "Vodiane (Zaporizka oblast, UA)"]
    assert [(u["place"], u["region"]) for u in data["unresolved"]] == [
        ("Kamianka", "Zaporizka oblast (UA-23)")]
    e = ex.extract(Article("t", "Russian forces recaptured Olhivka and Zeleny Shlyakh in the "
                                "Kursk region.", D(2024, 9, 17)))
    assert e.reports == [] and {u["region"] for u in e.to_dict()["unresolved"]} == {
        "Kurskaya oblast' (RU-KRS)"}


def test_unresolved_places_are_listed_never_merged(tmp_path: Path, runner: CliRunner) -> None:
    art = tmp_path / "a.txt"
    art.write_text("Russian forces captured the Kharkiv village of Pishchane on Sunday, the "
                   "ministry said. Ukraine's General Staff said its units had retaken Robotyne "
                   "in the Zaporizhzhia region.", encoding="utf-8")
    out = tmp_path / "r.yaml"
    res = runner.invoke(main, ["extract", str(art), "--published", "2024-11-20", "-o", str(out)])
    assert res.exit_code == 0 and "2 about places not in the gazetteer" in res.output
    data = yaml.safe_load(out.read_text("utf-8"))
    assert data["reports"] == []
    by_place = {u["place"]: u for u in data["unresolved"]}
    assert by_place["Pishchane"]["side"] == "RU" and by_place["Robotyne"]["side"] == "UA"
    assert by_place["Pishchane"]["region"].startswith("Kharkivska oblast")
    assert by_place["Pishchane"]["date"] == D(2024, 11, 17)
    assert "gazetteer import" in by_place["Robotyne"]["hint"]
    for name in ("autumn_2024.yaml", "settlement_control_2024-08-31.csv"):
        shutil.copy(demo_scenario_path().parent / name, tmp_path / name)
    scenario = tmp_path / "autumn_2024.yaml"
    before = scenario.read_text(encoding="utf-8")
    res = runner.invoke(main, ["extract", str(art), "--published", "2024-10-28", "--into",
                               str(scenario), "--yes"])
    assert "not added" in res.output and "Pishchane" in res.output
    assert scenario.read_text(encoding="utf-8") == before


def test_what_earlier_sentences_named(ex: Extractor) -> None:
    """The city retaken 'after retaking the city', the troops 'from the reclusive state'."""
    (r,) = one(ex, "Kherson was quiet on Friday. After retaking the city, Ukrainian forces "
                   "began clearing mines.", D(2022, 11, 12))
    assert (r["kind"], r["side"], r["place"]) == ("capture", "UA", "Kherson")
    assert "sentence before" in r["evidence"]["note"] and r["evidence"]["confidence"] < 0.7
    assert one(ex, "Russian forces shelled Kherson and Mykolaiv. After retaking the city, "
                   "Ukrainian forces began clearing mines.", D(2022, 11, 12)) == []  # which?
    (d,) = one(ex, "North Korea has been sending troops to help Moscow. About 10,000 soldiers "
                   "from the reclusive state were sent to the Kursk region in October, a "
                   "lawmaker said.", D(2024, 11, 20))
    assert (d["force"], d["count"], d["side"]) == ("North Korean soldiers", 10_000, "RU")


@pytest.mark.parametrize("text, kind, side, place", [
    ("Ukrainian units were forced to leave Ocheretyne after weeks of fighting.",
     "withdrawal", "UA", "Ocheretyne"),
    ("The Ukrainian garrison had to leave Vuhledar, the army said.", "withdrawal", "UA",
     "Vuhledar"),
    ("Ukrainian forces abandoned their positions in Lysychansk.", "withdrawal", "UA",
     "Lysychansk"),
    ("Ukraine lost control of Pishchane, its army spokesman said on Friday.", "withdrawal",
     "UA", "Pishchane"),
    ("Russian forces raised their flag over Krasnohorivka, Moscow claimed.", "capture", "RU",
     "Krasnohorivka"),
    ("Ukraine confirmed the loss of Krasnohorivka on Friday.", "withdrawal", "UA",
     "Krasnohorivka"),
    ("War bloggers said Vuhledar was now entirely under Moscow's control.", "capture", "RU",
     "Vuhledar"),
    # the enemy of whoever says it
    ("The village of Orlivka has been occupied by the enemy, Ukraine's army admitted.",
     "capture", "RU", "Orlivka"),
    ("Hirnyk has been occupied by the enemy, the Russian ministry said.", "capture", "UA",
     "Hirnyk"),
    ("Pishchane is now controlled by Russian forces, the Ukrainian army said.", "capture", "RU",
     "Pishchane"),
    ("Kupiansk is back under Ukrainian control, the governor said.", "capture", "UA",
     "Kupiansk"),
    ("Balakliia returned to Ukrainian control after six months.", "capture", "UA", "Balakliia"),
    # a side's flag over a place
    ("The Russian flag now flies over Hirnyk, the ministry said.", "capture", "RU", "Hirnyk"),
    ("The Ukrainian flag was raised in Kherson on Friday.", "capture", "UA", "Kherson"),
])
def test_leaving_losing_and_flags(ex: Extractor, text: str, kind: str, side: str,
                                  place: str) -> None:
    """Withdrawals said as leaving, abandoning positions in or losing control of a place; a
    capture said as a flag raised over it."""
    (r,) = one(ex, text, D(2024, 12, 2))
    assert (r["kind"], r["side"], r["place"]) == (kind, side, place)


def test_a_counted_list_placed_near_a_place(ex: Extractor) -> None:
    """'two more villages near X, A and B': X says where, A and B were taken (the gazetteer
    lacks the Lysivka near Pokrovsk: its own lie in Zhytomyr and Poltava oblasts, so the
    claim is unresolved, not a namesake's)."""
    got = ex.extract(Article("t", "Russian forces have captured two more villages near "
                                  "Pokrovsk, Lysivka and Novohrodivka, the ministry said.",
                             D(2024, 10, 30))).to_dict()
    assert [(r["kind"], r["side"], r["place"]) for r in got["reports"]] == [
        ("capture", "RU", "Novohrodivka")]
    assert [(r["kind"], r["side"], r["place"]) for r in got["unresolved"]] == [
        ("capture", "RU", "Lysivka")]


def test_a_list_whose_places_each_name_their_region(ex: Extractor) -> None:
    """'X in the Donetsk region and Y in the Kharkiv region': both were taken."""
    reports = one(ex, "Russia's army said it had taken control of the town of Hirnyk in the "
                      "Donetsk region and Vovchansk in the Kharkiv region.", D(2024, 11, 4))
    assert [(r["kind"], r["side"], r["place"]) for r in reports] == [
        ("capture", "RU", "Hirnyk"), ("capture", "RU", "Vovchansk")]


def test_a_part_of_a_place_is_not_the_place(ex: Extractor) -> None:
    """'X's plant', 'X's outskirts': what was taken or lost is a part of X, not X; a place
    said to be held is no change, nor is a flag that is no side's."""
    for text in ("Russian troops took Vovchansk's aggregate plant, a war blogger wrote.",
                 "Ukraine's forces lost control of Toretsk's mine, a Russian blogger wrote.",
                 "Donetsk, which is controlled by Russia, was shelled again.",
                 "Horlivka is controlled by Russian forces.",
                 "The flag of the city of Kharkiv was raised in Warsaw."):
        assert one(ex, text, D(2024, 11, 25)) == [], text


# -- pieces ----------------------------------------------------------------------------------------
def test_relative_dates() -> None:
    wed = D(2024, 10, 30)

    def days(text: str, pub: dt.date = wed) -> list[tuple[dt.date, dt.date]]:
        return [(d.start, d.end) for d in find_dates(text, pub)]

    assert days("On Sunday") == [(D(2024, 10, 27), D(2024, 10, 27))]
    assert days("on Wednesday") == [(wed, wed)]
    assert days("last Wednesday") == [(D(2024, 10, 23), D(2024, 10, 23))]
    assert days("yesterday") == [(D(2024, 10, 29), D(2024, 10, 29))]
    assert days("last week") == [(D(2024, 10, 21), D(2024, 10, 27))]
    assert days("in September") == [(D(2024, 9, 1), D(2024, 9, 30))]
    assert days("in December", D(2025, 1, 6)) == [(D(2024, 12, 1), D(2024, 12, 31))]
    assert days("in March 2022") == [(D(2022, 3, 1), D(2022, 3, 31))]
    assert days("on Oct. 27") == [(D(2024, 10, 27), D(2024, 10, 27))]
    assert days("27 October 2024") == [(D(2024, 10, 27), D(2024, 10, 27))]
    assert days("since Aug. 6") == [(D(2024, 8, 6), wed)]
    assert days("over the past week") == [(D(2024, 10, 24), wed)]
    assert days("May could see more fighting") == []  # the verb, not the month
    # parts of a month or a year, and hours
    assert days("in the last week of September") == [(D(2024, 9, 24), D(2024, 9, 30))]
    assert days("during the second week of March 2022") == [(D(2022, 3, 8), D(2022, 3, 14))]
    assert days("over the first three months of the year") == [(D(2024, 1, 1),
                                                                 D(2024, 3, 31))]
    assert days("in the first half of 2023") == [(D(2023, 1, 1), D(2023, 6, 30))]
    assert days("in the last two months of 2023") == [(D(2023, 11, 1), D(2023, 12, 31))]
    assert days("over the past 24 hours") == [(wed, wed)]
    assert days("during the past 72 hours") == [(D(2024, 10, 28), wed)]
    assert days("in the first 10 days of October") == [(D(2024, 10, 1), D(2024, 10, 10))]
    assert days("Since August 6") == [(D(2024, 8, 6), wed)]  # (at the start of a sentence)


def test_the_base_of_a_comparison_is_a_rate_of_its_own(ex: Extractor) -> None:
    """'18 km² a day in August, up from 14 in July': the base, in the figure's own measure,
    is the July rate; 'down from 600 in December' after a month's total is December's."""
    rates = one(ex, "Moscow's troops took an average of 18 square kilometres a day in August, "
                    "up from 14 in July.", D(2024, 9, 2))
    assert [(r["start"], r["rate_km2_per_day"]) for r in rates] == [(D(2024, 8, 1), 18.0),
                                                                    (D(2024, 7, 1), 14.0)]
    rates = one(ex, "Russian gains fell to 372 sq km in January, down from 620 in December.",
                D(2025, 2, 2))
    assert [(r["start"], r["end"], r["rate_km2_per_day"]) for r in rates] == [
        (D(2025, 1, 1), D(2025, 1, 31), 12.0), (D(2024, 12, 1), D(2024, 12, 31), 20.0)]
    # a share, or a base with no period of its own, is no rate
    for text in ("Russia took 400 square kilometres in March, up from 20% of the total.",
                 "Russia took 400 square kilometres in March, up from 300 before."):
        assert len(one(ex, text, D(2024, 4, 2))) == 1, text


def test_a_figure_over_a_part_of_a_month_or_a_year(ex: Extractor) -> None:
    """A total over 'the last week of September' or 'the first three months of the year' is
    a rate over those days; one over 'the past 24 hours' is a day's."""
    (r,) = one(ex, "The Russian army captured 126 square km in the last week of September, "
                   "analysts said.", D(2024, 12, 2))
    assert (r["start"], r["end"], r["rate_km2_per_day"]) == (D(2024, 9, 24), D(2024, 9, 30),
                                                             18.0)
    (r,) = one(ex, "Russian troops occupied 3,640 square kilometres over the first three "
                   "months of the year.", D(2024, 12, 2))
    assert (r["start"], r["end"], r["rate_km2_per_day"]) == (D(2024, 1, 1), D(2024, 3, 31),
                                                             40.0)
    (r,) = one(ex, "Between September 1 and September 30, Russia took control of 468 km2.",
               D(2024, 12, 2))  # (control taken over a period: a gain, not an area held)
    assert (r["kind"], r["start"], r["end"], r["rate_km2_per_day"]) == (
        "advance_rate", D(2024, 9, 1), D(2024, 9, 30), 15.6)
    (r,) = one(ex, "In the first 10 days of November, Russia captured 210 square kilometres.",
               D(2024, 12, 2))
    assert (r["start"], r["end"], r["rate_km2_per_day"]) == (D(2024, 11, 1), D(2024, 11, 10),
                                                             21.0)
    (r,) = one(ex, "Over the past 24 hours, Russian troops gained 40 square kilometres near "
                   "Kurakhove.", D(2024, 12, 2))
    assert (r["start"], r["end"], r["rate_km2_per_day"]) == (D(2024, 12, 2), D(2024, 12, 2),
                                                             40.0)


def test_sentences_respect_abbreviations() -> None:
    text = ("Lt. Gen. Ivanov said on Oct. 27 the U.S. aid arrived. Russian forces took "
            "Hirnyk.\n\nA new paragraph")
    got = [text[a:b] for a, b in split_sentences(text)]
    assert got == ["Lt. Gen. Ivanov said on Oct. 27 the U.S. aid arrived.",
                   "Russian forces took Hirnyk.", "A new paragraph"]


def test_evidence_points_at_the_words(ex: Extractor) -> None:
    text = ("KYIV (Reuters) - Fighting went on overnight.\n\nRussian forces captured Selidovo on "
            "Sunday, advancing from several directions, Russia's defence ministry said.")
    (r,) = one(ex, text, D(2024, 10, 30), title="Russia takes Selidovo",
               url="https://www.reuters.com/x", publisher="Reuters")
    a, b = r["evidence"]["span"]
    assert text[a:b] == r["evidence"]["sentence"]
    assert r["evidence"]["sentence"].startswith("Russian forces captured Selidovo")
    assert r["source"] == {"title": "Russia takes Selidovo", "publisher": "Reuters",
                           "published": D(2024, 10, 30), "url": "https://www.reuters.com/x"}
    assert "Selydove (Donetska oblast, UA)" in r["evidence"]["note"]
    assert 0.8 <= r["evidence"]["confidence"] <= 0.95


def test_square_miles_and_the_conversion_in_brackets(ex: Extractor) -> None:
    (r,) = one(ex, "Russian forces seized 100 square miles of Ukraine in September.",
               D(2024, 10, 2))
    assert r["rate_km2_per_day"] == pytest.approx(100 * SQ_MILE_KM2 / 30, rel=1e-3)
    (r,) = one(ex, "Russian gains averaged 14 square kilometres (5.4 sq miles) a day in "
                   "September.", D(2024, 10, 30))
    assert r["rate_km2_per_day"] == 14


def test_hypothetical_and_denied_claims_are_rejected_with_a_reason(ex: Extractor) -> None:
    e = ex.extract(Article("t", "Kyiv denied that Russian forces had captured Kurakhove. "
                           "If Russia takes Pokrovsk, the whole front could shift.",
                           D(2024, 11, 1)))
    assert e.reports == []
    reasons = [r.reason for r in e.rejected]
    assert any("denied" in r for r in reasons) and any("'If'" in r or "if" in r
                                                       for r in reasons)


def test_disputed_claims_are_kept_with_low_confidence(ex: Extractor) -> None:
    (r,) = one(ex, "Russia said on Monday its forces had captured Toretsk, a claim Kyiv "
                   "denied.", D(2025, 2, 17))
    assert r["evidence"]["confidence"] <= 0.6
    assert "disputed" in r["evidence"]["note"]


def test_places_outside_the_war_are_mentions_only(ex: Extractor) -> None:
    e = ex.extract(Article("t", "NATO ministers met in Brussels on Thursday. Putin hosted a "
                           "summit in Kazan.", D(2024, 10, 24)))
    assert e.reports == []
    by_text = {m.text: m for m in e.mentions}
    assert not by_text["Brussels"].in_theatre and by_text["Brussels"].country == "BE"
    assert by_text["Kazan"].country == "RU"


def test_regions_in_their_many_forms(ex: Extractor) -> None:
    e = ex.extract(Article("t", "Drones hit the Kyiv, Chernihiv, Sumy and Kharkiv oblasts and "
                           "the Russian region of Kursk, and shelling hit the eastern Donetsk "
                           "region.", D(2024, 11, 1)))
    isos = [m.resolved for m in e.mentions if m.kind == "region"]
    assert [i.split("(")[-1].rstrip(")") for i in isos] == [
        "UA-32", "UA-74", "UA-59", "UA-63", "RU-KRS", "UA-14"]


def test_with_a_scenario_sides_and_the_front_come_from_it(index_path: Path) -> None:
    from frontline.scenario import load_scenario

    ex = Extractor.for_scenario(load_scenario(demo_scenario_path()))
    e = ex.extract(Article("t", "Russian forces captured Selidovo on Sunday. Putin hosted a "
                           "summit in Kazan.", D(2024, 10, 30)))
    assert [r.place_name for r in e.reports] == ["Selidovo"]
    kazan = next(m for m in e.mentions if m.text == "Kazan")
    assert kazan.front_km is not None and kazan.front_km > 800
    far = ex.extract(Article("t", "Russian forces captured Kazan on Sunday.", D(2024, 10, 30)))
    assert far.reports == [] and "from the scenario's front" in far.rejected[0].reason


# -- input -----------------------------------------------------------------------------------------
def test_html_is_parsed_not_run(tmp_path: Path, ex: Extractor) -> None:
    page = tmp_path / "a.html"
    page.write_text(
        "<html><head><title>Selidovo falls | News</title><script>alert(1)</script></head>"
        "<body><nav>Home | World | Sport</nav><article><h1>Selidovo falls</h1>"
        "<p>Russian forces captured Selidovo on Sunday, the defence ministry in Moscow said, "
        "after weeks of fighting south of Pokrovsk.</p><p onclick=\"alert(2)\">The town had "
        "20,000 people before the war, and most of them have left since the summer.</p>"
        "</article><footer>Copyright</footer></body></html>",
        encoding="utf-8")
    (art,) = read_articles(page, published=D(2024, 10, 30))
    assert isinstance(art, Article)
    assert "alert" not in art.text and "Home | World" not in art.text
    assert art.title.startswith("Selidovo falls")
    (r,) = ex.extract(art).to_dict()["reports"]
    a, b = r["evidence"]["span"]
    assert art.text[a:b].startswith("Russian forces captured Selidovo")


def test_bad_input_gets_a_clear_error(tmp_path: Path, runner: CliRunner) -> None:
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    big = tmp_path / "big.txt"
    big.write_text("word " * 500_000, encoding="utf-8")
    plain = tmp_path / "p.txt"
    plain.write_text("Russian forces captured Hirnyk.", encoding="utf-8")
    for path, message in ((binary, "binary"), (big, "too large"), (plain, "--published")):
        res = runner.invoke(main, ["extract", str(path), "--published", "2024-10-30"]
                            if path != plain else ["extract", str(path)])
        assert res.exit_code == 1, res.output
        assert message in res.output and "Traceback" not in res.output


def _corpus(path: Path, n: int = 6) -> None:
    lines = []
    for i in range(n):
        lines.append(json.dumps({
            "id": f"a{i}", "published": "2024-10-30", "url": f"https://example.org/{i}",
            "title": f"Article {i}",
            "text": "Russian forces captured Selidovo on Sunday. Russian gains averaged 14 "
                    "square kilometres a day in September."}))
    lines.insert(2, "{not json")
    lines.insert(4, json.dumps({"id": "no-date", "text": "Russian forces took Hirnyk."}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_corpus_skips_bad_records_and_jobs_give_the_same_output(tmp_path: Path,
                                                                 runner: CliRunner) -> None:
    src = tmp_path / "c.jsonl"
    _corpus(src)
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"r{jobs}.yaml"
        res = runner.invoke(main, ["extract", str(src), "-o", str(out), "--jobs", jobs])
        assert res.exit_code == 0, res.output
        assert "skipped line 3" in res.output and "skipped no-date" in res.output
        assert "12 report(s) from 6 article(s)" in res.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    data = yaml.safe_load(outs[0])
    assert len(data["reports"]) == 12 and data["rejected"] == []
    assert {r["source"]["publisher"] for r in data["reports"]} == {"example.org"}


def test_json_output(tmp_path: Path, runner: CliRunner) -> None:
    src = tmp_path / "c.jsonl"
    _corpus(src, 2)
    res = runner.invoke(main, ["-q", "extract", str(src), "--json", "--mentions"])
    data = json.loads(res.stdout)
    assert [r["kind"] for r in data["reports"]] == ["capture", "advance_rate"] * 2
    assert data["reports"][0]["date"] == "2024-10-27"
    assert {m["text"] for m in data["mentions"]} == {"Selidovo"}


def test_into_a_scenario(tmp_path: Path, runner: CliRunner, demo_copy: Path) -> None:
    scenario = demo_copy
    before = scenario.read_text(encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text("Russian forces captured Selidovo on Sunday. Russia's defence ministry said "
                   "on Monday its forces had captured the village of Hirnyk. Russian forces "
                   "captured Avdiivka in February.", encoding="utf-8")
    args = ["extract", str(art), "--published", "2024-10-28", "--into", str(scenario)]
    res = runner.invoke(main, args, input="n\n")
    assert "+    place: Hirnyk" in res.output  # the diff, before asking
    assert "already in the scenario" in res.output and "outside the period" in res.output
    assert scenario.read_text(encoding="utf-8") == before
    res = runner.invoke(main, [*args, "--yes"])
    assert res.exit_code == 0, res.output
    after = scenario.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # appended, comments and layout kept
    res = runner.invoke(main, ["validate", str(scenario)])
    assert res.exit_code == 0 and "11 reports" in res.output
    assert not [p for p in tmp_path.iterdir() if ".partial" in p.name or ".check" in p.name]
    from frontline.scenario import load_scenario

    (hirnyk,) = [r for r in load_scenario(scenario).reports if r.place_name == "Hirnyk"]
    assert hirnyk.evidence is not None and hirnyk.evidence.confidence == 0.9
    assert hirnyk.evidence.sentence.endswith("captured the village of Hirnyk.")
    assert hirnyk.to_dict()["evidence_start"] == hirnyk.evidence.start


def test_merge_keeps_an_empty_scenario_valid_yaml() -> None:
    report = {"id": "c1", "kind": "capture", "side": "RU", "place": "Hirnyk",
              "date": D(2024, 10, 28), "source": {"title": "t"}}
    for text in ("name: x\nreports: []\n", "name: x\n", "name: x\nreports:\n"):
        new, added, _ = merge_into_scenario(text, [report])
        assert yaml.safe_load(new)["reports"] == [report] and added == [report]


def test_same_input_same_output(tmp_path: Path, runner: CliRunner) -> None:
    src = tmp_path / "c.jsonl"
    _corpus(src, 3)
    a = runner.invoke(main, ["-q", "extract", str(src), "--mentions"]).stdout
    b = runner.invoke(main, ["-q", "extract", str(src), "--mentions"]).stdout
    assert a == b and "Selidovo" in a


def test_read_articles_from_a_directory(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Russian forces took Hirnyk.", encoding="utf-8")
    (tmp_path / "a.html").write_text("<p>Russian forces took Hirnyk.</p>", encoding="utf-8")
    (tmp_path / "c.bin").write_bytes(b"\x00")
    items = list(read_articles(tmp_path, published=D(2024, 10, 30)))
    assert [i.id for i in items] == ["a", "b"]
    assert not any(isinstance(i, BadRecord) for i in items)


def test_scenario_checks_evidence(tmp_path: Path, index_path: Path) -> None:
    import synthetic as S
    from frontline.errors import ScenarioError
    from frontline.scenario import load_scenario

    reports = ("  - {id: c1, kind: capture, side: RU, place: S135, date: 2024-01-03,\n"
               "     source: {title: t}, evidence: {span: [9, 3], confidence: 1.5}}")
    path = S.write_scenario(tmp_path, end="2024-01-05", reports=reports)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    text = str(err.value)
    assert "evidence.span" in text and "evidence.confidence" in text and "1.5" in text


def test_a_page_gives_its_own_date_and_a_text_its_headline(tmp_path: Path,
                                                          runner: CliRunner) -> None:
    page = tmp_path / "p.html"
    page.write_text('<html><head><meta property="article:published_time" '
                    'content="2024-10-30T08:00:00Z"><title>T</title></head><body><article><p>'
                    "Russian forces captured Selidovo on Sunday, the defence ministry said, "
                    "after weeks of fighting south of Pokrovsk in the Donetsk region.</p>"
                    "</article></body></html>", encoding="utf-8")
    (art,) = read_articles(page)
    assert isinstance(art, Article) and art.published == D(2024, 10, 30)
    text = tmp_path / "t.txt"
    text.write_text("Russia says it has taken Selydove\n\nRussian forces captured Selidovo "
                    "on Sunday.", encoding="utf-8")
    res = runner.invoke(main, ["-q", "extract", str(text), "--published", "2024-10-30"])
    (r,) = yaml.safe_load(res.stdout)["reports"]
    assert r["source"]["title"] == "Russia says it has taken Selydove"
    assert r["date"] == D(2024, 10, 27)


def test_since_the_start_of_the_year() -> None:
    (d,) = find_dates("since the start of the year", D(2024, 11, 1))
    assert (d.start, d.end) == (D(2024, 1, 1), D(2024, 11, 1))


def test_an_article_on_standard_input(runner: CliRunner) -> None:
    res = runner.invoke(main, ["-q", "extract", "-", "--published", "2024-10-30", "--json"],
                        input="Russian forces captured Selidovo on Sunday.")
    assert res.exit_code == 0, res.output
    (r,) = json.loads(res.stdout)["reports"]
    assert r["date"] == "2024-10-27" and r["evidence"]["article"] == "stdin"


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (Linux /proc)."""
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        try:
            tasks = list(Path(f"/proc/{p}/task").iterdir())
        except (FileNotFoundError, ProcessLookupError):
            continue
        for task in tasks:
            try:
                kids = [int(k) for k in (task / "children").read_text().split()]
            except (FileNotFoundError, ProcessLookupError):
                continue
            found.update(kids)
            todo.extend(kids)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_sigterm_leaves_no_partial_file_and_no_workers(tmp_path: Path, index_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    src = tmp_path / "c.jsonl"
    text = ("Russian forces captured Selidovo on Sunday, the ministry said. Ukrainian troops "
            "withdrew from Vuhledar. Russian gains averaged 14 square kilometres a day in "
            "September.")
    src.write_text("".join(json.dumps({"id": f"a{i}", "published": "2024-10-30", "text": text})
                           + "\n" for i in range(20_000)), encoding="utf-8")
    out = tmp_path / "out.yaml"
    proc = subprocess.Popen([sys.executable, "-m", "frontline.cli", "-q", "extract", str(src),
                             "-o", str(out), "--jobs", "2"])
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        workers |= _descendants(proc.pid)
        if len(workers) >= 2 and list(tmp_path.glob(".out-*.partial*")):
            break
        time.sleep(0.2)
    time.sleep(1.0)  # well into the corpus
    assert proc.poll() is None, "the corpus finished before it could be interrupted"
    workers |= _descendants(proc.pid)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 143
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.1)
    assert workers and not [p for p in workers if _alive(p)]
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl"]


# -- another war, by data alone ----------------------------------------------------------------
def _made_up_vocabulary(folder: Path) -> Path:
    """The shipped vocabulary with its actors replaced by a made-up war's: Northland (whose
    forces hold Azerbaijan's ground here) against Southland (Armenia's)."""
    from importlib import resources

    shipped = resources.files("frontline.news").joinpath("vocabulary")
    for name in ("stopwords.txt", "abbreviations.txt", "military_nouns.txt", "where_nouns.txt"):
        (folder / name).write_text(shipped.joinpath(name).read_text("utf-8"), "utf-8")
    (folder / "actors.csv").write_text(
        "phrase,side,roles,note\nnorthland,AZ,country,\nnorthlander,AZ,demonym;force,\n"
        "southland,AM,country,\nsouthlander,AM,demonym;force,\nnorth command,AZ,unit,\n",
        "utf-8")
    (folder / "standalone_regions.txt").write_text("# none in this war\n", "utf-8")
    return folder


def test_another_war_is_read_from_its_vocabulary(tmp_path: Path, index_path: Path) -> None:
    """Sides' names are data: a made-up war's words give its reports, the shipped ones none."""
    from frontline.news.vocabulary import load_vocabulary

    vocab = load_vocabulary(_made_up_vocabulary(tmp_path))
    ex = Extractor(countries=("AZ", "AM"), vocabulary=vocab)
    text = ("Northlander forces captured Shusha on Sunday, the North Command said. "
            "Southlander troops withdrew from Lachin on Tuesday. "
            "Northlander units captured the Southlander-held town of Fuzuli on Monday.")
    e = ex.extract(Article("w", text, D(2020, 11, 12)))
    got = [(r.kind, r.side, r.place_name, str(r.date)) for r in e.reports]
    # ('the Southlander-held town of' is read as a gap before the object, from the data)
    assert got == [("capture", "AZ", "Shusha", "2020-11-08"),
                   ("withdrawal", "AM", "Lachin", "2020-11-10"),
                   ("capture", "AZ", "Fuzuli", "2020-11-09")], got
    assert all(r.place is not None and r.place.country == "AZ" for r in e.reports)
    # the shipped vocabulary knows none of these sides
    other = Extractor(countries=("AZ", "AM")).extract(Article("w", text, D(2020, 11, 12)))
    assert other.reports == [] and {r.reason for r in other.rejected} == {
        "capture: no side named", "withdrawal: no side named"}


def test_every_penalty_has_a_cost() -> None:
    from frontline.news.claims.evidence import Penalty
    from frontline.thresholds import CONFIDENCE_PENALTY

    assert {str(p) for p in Penalty} == set(CONFIDENCE_PENALTY)


SEED_LIKE = [
    "Russian forces gained about 14 square kilometers (5.4 square miles) a day on average in "
    "September, which is just over 1 percent of the roughly 1,265 square kilometers (488 square "
    "miles) they took each day in March 2022, analysts said.",
    "In September Russia captured an average of 14 sq km (5.4 sq miles) per day, slightly more "
    "than 1% of the 1,265 sq km (488 sq miles) it seized per day in March 2022.",
    "Moscow's troops took some 14 square kilometres (about 5.4 square miles) each day in "
    "September, far below the 1,265 square kilometres (488 square miles) a day they seized in "
    "March 2022, according to the analysis.",
    "The Russian army advanced by 14 km² (5.4 sq mi) per day in September - roughly a hundredth "
    "of the 1,265 km² (488 sq mi) seized daily in March 2022.",
    "Russia's gains in September, about 14 square kilometres (5.4 square miles) a day, were just "
    "over one percent of the 1,265 square kilometres (488 square miles) per day it captured in "
    "the first month of the invasion, March 2022.",
]


@pytest.mark.parametrize("text", SEED_LIKE)
def test_two_rates_in_one_sentence_each_with_its_own_period(ex: Extractor, text: str) -> None:
    """A rate compared with another: the base of the comparison is a report of its own, each
    figure per day with its own period (September of the article's year; March 2022), the
    conversions in brackets are not figures, and nothing else comes out."""
    got = [(r["kind"], r["side"], str(r["start"]), str(r["end"]), r["rate_km2_per_day"])
           for r in one(ex, text, D(2024, 10, 30))]
    assert got == [("advance_rate", "RU", "2024-09-01", "2024-09-30", 14.0),
                   ("advance_rate", "RU", "2022-03-01", "2022-03-31", 1265.0)]


@pytest.mark.parametrize(("text", "expected"), [
    # a list after a count and a colon: every place its own claim, with the list's side
    ("Ukraine's army said it had freed at least four villages: Kozacha Lopan, Tsupivka, "
     "Dementiivka and Prudianka.",
     {("capture", "UA", "Kozacha Lopan"), ("capture", "UA", "Tsupivka"),
      ("capture", "UA", "Dementiivka"), ("capture", "UA", "Prudianka")}),
    # a passive whose subjects are located by another place, the taker named after the verb
    ("A militia spokesman said Toshkivka and Ustynivka north of Popasna also came under "
     "control of Luhansk republic forces.",
     {("capture", "RU", "Toshkivka"), ("capture", "RU", "Ustynivka")}),
    # a relative clause is about the place it follows, not the one before
    ("Shelling hit Bilohorivka, east of Siversk, which was seized by Russian troops in June, "
     "the governor said.", {("capture", "RU", "Siversk")}),
    # liberated (in quotes) from one side: taken by the other
    ("Officials said Opytne and Vodiane had been “liberated” from the Russian occupiers last "
     "week.", {("capture", "UA", "Opytne"), ("capture", "UA", "Vodiane")}),
    ("Russian troops took all the parts of Marinka that Ukraine still held, the ministry said.",
     {("capture", "RU", "Marinka")}),
    ("Kyiv's troops pulled back from the territory surrounding Novoselivka Persha and "
     "Netailove, the brigade said.",
     {("withdrawal", "UA", "Novoselivka Persha"), ("withdrawal", "UA", "Netailove")}),
    ("Marinka was most likely taken by Russian forces late last year, British intelligence "
     "said.", {("capture", "RU", "Marinka")}),
    # and what must stay silent
    ("Russian troops have taken parts of Marinka, the governor said.", set()),
    ("Bilohorivka, east of Siversk, which Russia could take, is being shelled.", set()),
])
def test_lists_and_passives(ex: Extractor, text: str, expected: set[tuple[str, str, str]]
                            ) -> None:
    x = ex.extract(Article("t", text, D(2023, 9, 18)))
    assert {(r.kind, r.side, r.place_name) for r in x.reports + x.unresolved} == expected


@pytest.mark.parametrize(("text", "published", "expected"), [
    # a period counted from a named event of the war (the vocabulary's events.csv)
    ("Ukraine's units have liberated some 95 square kilometres in the east since the "
     "counterattack began, an official said.", D(2023, 6, 26),
     ("UA", "2023-06-04", "2023-06-26", 4.13)),
    ("Kyiv's soldiers have regained 160 sq km so far in the counteroffensive, a spokeswoman "
     "said.", D(2023, 7, 17), ("UA", "2023-06-04", "2023-07-17", 3.636)),
    # the latest event of that name before the article: the Kharkiv counteroffensive of 2022
    ("Ukrainian forces have retaken 3,000 square kilometres since the counteroffensive began.",
     D(2022, 9, 11), ("UA", "2022-09-06", "2022-09-11", 500.0)),
    ("Ukrainian troops have taken 1,150 square kilometres since the incursion began.",
     D(2024, 8, 20), ("UA", "2024-08-06", "2024-08-20", 76.667)),
    # a running total from a year's start, with a part of it given on its own
    ("Moscow's units have won about 250 sq km since the beginning of 2025, with 90 sq km of "
     "that in the past month.", D(2025, 7, 1), ("RU", "2025-01-01", "2025-07-01", 1.374)),
    # a figure in brackets after its month: each month its own figure
    ("Russian gains were larger only in February (410 square kilometres) and March (530 square "
     "kilometres), the analysis showed.", D(2025, 7, 1),
     ("RU", "2025-02-01", "2025-02-28", 14.643)),
])
def test_periods_counted_from_events_and_running_totals(
        ex: Extractor, text: str, published: dt.date, expected: tuple[object, ...]) -> None:
    got = [(r["side"], str(r["start"]), str(r["end"]), r["rate_km2_per_day"])
           for r in one(ex, text, published) if r["kind"] == "advance_rate"]
    assert got[0] == expected, got


def test_a_comparisons_period_is_not_the_figures(ex: Extractor) -> None:
    got = [(str(r["start"]), str(r["end"])) for r in one(
        ex, "In 2024 as a whole, Russia took more than 4,000 square kilometres, roughly six "
            "times as much as in 2023.", D(2025, 1, 2))]
    assert got == [("2024-01-01", "2024-12-31")]


@pytest.mark.parametrize(("text", "published", "expected"), [
    # its troops: the side of whoever said it; the day after an aside is the event's
    ("Russia's defence ministry said on Tuesday that its forces had captured the village of "
     "Hirnyk. The ministry added that its units had also taken control of Ukrainsk, a town to "
     "the south, on Monday.", D(2024, 10, 30),
     {("capture", "RU", "Hirnyk", "2024-10-29", 0.9),
      ("capture", "RU", "Ukrainsk", "2024-10-28", 0.7)}),
    # a denial in one statement does not touch the claim of the other
    ("Kyiv denied that Russian forces had encircled Kurakhove, but said its troops had "
     "withdrawn from Kurakhivka on Sunday.", D(2024, 12, 10),
     {("withdrawal", "UA", "Kurakhivka", "2024-12-08", 0.9)}),
    ("Ukraine's General Staff said on Monday its forces liberated the following settlements: "
     "Kozacha Lopan and Tsupivka.", D(2022, 9, 12),
     {("capture", "UA", "Kozacha Lopan", "2022-09-12", None),
      ("capture", "UA", "Tsupivka", "2022-09-12", None)}),
    ("Ukrainian troops left Avdiivka to avoid encirclement, the commander said on Saturday.",
     D(2024, 2, 18), {("withdrawal", "UA", "Avdiivka", "2024-02-17", None)}),
    # the period before the figure; the one after 'less than' is the comparison's
    ("In one month, Moscow's army has seized 380 square kilometres, fewer than after July (510 "
     "square kilometres).", D(2024, 9, 30),
     {("advance_rate", "RU", "2024-09-01", "2024-09-30", 12.667),
      ("advance_rate", "RU", "2024-07-01", "2024-07-31", 16.452)}),
])
def test_who_said_it_which_day_and_which_statement(
        ex: Extractor, text: str, published: dt.date, expected: set[tuple[object, ...]]) -> None:
    x = ex.extract(Article("t", text, published))
    got: set[tuple[object, ...]] = set()
    for r in x.reports + x.unresolved:
        assert r.evidence is not None
        if r.kind == "advance_rate":
            got.add((r.kind, r.side, str(r.start), str(r.end), r.rate_km2_per_day))
        else:
            conf = next((e[4] for e in expected if e[2] == r.place_name), None)
            got.add((r.kind, r.side, r.place_name, str(r.date),
                     r.evidence.confidence if conf is not None else None))
    assert got == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Ukraine retakes Kupiansk in the north-east, officials say.",
     {("capture", "UA", "Kupiansk")}),
    ("Vuhledar falls to Russian forces after a two-year siege.",
     {("capture", "RU", "Vuhledar")}),
    ("Russia's army said its units had driven Ukrainian forces out of the village of Olhivka "
     "in the Kursk region.", {("capture", "RU", "Olhivka")}),
    ("Russian forces took over the village of Marinka, the ministry said.",
     {("capture", "RU", "Marinka")}),
    ("Ukrainian troops retreated from two villages, Hirnyk and Ukrainsk, on Sunday.",
     {("withdrawal", "UA", "Hirnyk"), ("withdrawal", "UA", "Ukrainsk")}),
    ("Russian forces reclaimed the village of Sudzha, the Defence Ministry said.",
     {("capture", "RU", "Sudzha")}),
    ("Hirnyk, a town of about 11,000 people before the war, was captured by Russian troops on "
     "Sunday.", {("capture", "RU", "Hirnyk")}),
    # a side's own troops somewhere are not a deployment; pushed back from X is not taking X
    ("Russian forces are now in full control of Selydove, bloggers said.", set()),
    ("Ukrainian forces pushed Russian troops back from Vovchansk, the brigade said.", set()),
])
def test_wire_and_ministry_phrasings(ex: Extractor, text: str,
                                     expected: set[tuple[str, str, str]]) -> None:
    x = ex.extract(Article("t", text, D(2024, 11, 20)))
    assert {(r.kind, r.side, r.place_name) for r in x.reports + x.unresolved} == expected


def test_a_namesake_far_from_every_other_place_of_the_article_is_unresolved(
        ex: Extractor) -> None:
    """The gazetteer's only Novoselivske lies in Crimea; an article about the Luhansk front
    that names it with three Luhansk towns is about a village the gazetteer lacks."""
    luhansk = ("Ukrainian forces recaptured Novoselivske on Tuesday, the General Staff said. "
               "Heavy fighting went on near Kreminna, Svatove and Rubizhne.")
    got = ex.extract(Article("far", luhansk, D(2023, 8, 5)))
    assert not [r for r in got.reports if r.kind == "capture"]
    (left,) = [r for r in got.unresolved if r.kind == "capture"]
    assert left.place_name == "Novoselivske" and left.side == "UA"
    assert left.evidence is not None
    assert "Novoselovskoye (Avtonomna Respublika Krym, UA), lies 531 km from every other " \
        "place the article names" in left.evidence.note
    # with fewer than two other places nothing says where the article is: the namesake stands
    alone = ex.extract(Article("alone", "Ukrainian forces recaptured Novoselivske on Tuesday, "
                                        "the General Staff said.", D(2023, 8, 5)))
    (r,) = [r for r in alone.reports if r.kind == "capture"]
    assert r.place is not None and r.place.admin1_name == "Avtonomna Respublika Krym"
    # a town of that very name is itself, however far: Selydove among Kharkiv towns
    towns = ex.extract(Article("towns", "Russian forces took Vovchansk, Kupiansk and Selydove "
                                        "on Monday.", D(2024, 11, 6)))
    assert [r.place.name for r in towns.reports if r.place is not None] == [
        "Vovchansk", "Kupyansk", "Selydove"]
    # a place near the others is kept: Kreminna's capture among Luhansk towns
    near = ex.extract(Article("near", "Russian forces captured Kreminna on Tuesday. Fighting "
                                      "went on near Svatove and Rubizhne.", D(2022, 4, 19)))
    (k,) = [r for r in near.reports if r.kind == "capture"]
    assert k.place is not None and k.place.name == "Kreminna"


def test_a_list_of_places_takes_the_date_after_it(ex: Extractor) -> None:
    """'took A, B and C on Monday': Monday is every place's date, not the publication's."""
    for text in ("Russian forces took Vovchansk, Kupiansk and Selydove on Monday.",
                 "Russian forces took Vovchansk, Kupiansk, and Selydove on Monday."):
        reports = one(ex, text, D(2024, 11, 6))
        assert [(r["place"], str(r["date"])) for r in reports] == [
            ("Vovchansk", "2024-11-04"), ("Kupiansk", "2024-11-04"), ("Selydove", "2024-11-04")]
    # a date in another clause of its own stays there
    reports = one(ex, "Russian forces took Vovchansk on Sunday, and Ukraine withdrew from "
                      "Selydove on Monday.", D(2024, 11, 6))
    assert [(r["kind"], r["place"], str(r["date"])) for r in reports] == [
        ("capture", "Vovchansk", "2024-11-03"), ("withdrawal", "Selydove", "2024-11-04")]


def test_a_period_before_the_figure_and_a_base_after_it(ex: Extractor) -> None:
    """'In one month, Russia took 447 km², down from 594 in August': 447 over the month to
    publication, 594 over August (the base's month is not the figure's)."""
    reports = one(ex, "In one month, Russia has taken 447 square kilometres, down from 594 in "
                      "August, the monitors said.", D(2024, 11, 6))
    assert [(str(r["start"]), str(r["end"]), r["rate_km2_per_day"]) for r in reports] == [
        ("2024-10-08", "2024-11-06", 14.9), ("2024-08-01", "2024-08-31", 19.161)]


def test_a_second_figure_joined_to_a_rate(ex: Extractor) -> None:
    """'610 km² in October and 725 in November': two months, each its own report; 'and 14
    villages in November' is no area."""
    reports = one(ex, "Russian forces gained 610 square kilometres in October and 725 in "
                      "November, according to an analysis.", D(2024, 12, 2))
    assert [(str(r["start"]), str(r["end"]), r["rate_km2_per_day"]) for r in reports] == [
        ("2024-10-01", "2024-10-31", 19.677), ("2024-11-01", "2024-11-30", 24.167)]
    reports = one(ex, "Russia took 447 square kilometres in October and 14 villages in "
                      "November.", D(2024, 12, 2))
    assert [(str(r["start"]), r["rate_km2_per_day"]) for r in reports] == [
        ("2024-10-01", 14.419)]


def test_a_base_compared_with_and_a_date_past_a_relative_clause(ex: Extractor) -> None:
    """'478 km² in October, compared with 411 in September': each month its own figure;
    'captured X, which had held out since 2014, on Saturday': Saturday."""
    reports = one(ex, "In October, Russian forces seized 478 square kilometres, compared with "
                      "411 in September.", D(2024, 11, 6))
    assert [(str(r["start"]), r["rate_km2_per_day"]) for r in reports] == [
        ("2024-10-01", 15.419), ("2024-09-01", 13.7)]
    reports = one(ex, "Russian troops captured Toretsk, which had been a Ukrainian stronghold "
                      "since 2014, on Saturday.", D(2024, 11, 6))
    assert [(r["place"], str(r["date"])) for r in reports] == [("Toretsk", "2024-11-02")]


def test_an_area_held_in_a_region_named_by_its_capital(ex: Extractor) -> None:
    """'600 km² in Kursk, down from 1,300 in August': the Kursk region (an area held is
    never a town's), now and at the end of August."""
    reports = one(ex, "Ukraine's forces hold roughly 600 square kilometres in Kursk, down from "
                      "1,300 in August, the general said.", D(2024, 11, 6))
    assert [(r["kind"], r["side"], r["region"], r["area_km2"], str(r["date"]))
            for r in reports] == [("area_held", "UA", "Kursk region", 600.0, "2024-11-06"),
                                  ("area_held", "UA", "Kursk region", 1300.0, "2024-08-31")]
    # a town that names no region of its own holds no area: 'around Kupiansk'
    assert one(ex, "Russian forces hold 200 square kilometres around Kupiansk.",
               D(2024, 11, 6)) == []


def test_a_total_over_a_month_not_yet_over_is_a_total_so_far(ex: Extractor) -> None:
    """'725 km² in November', written on November 6: over the six days so far, not thirty
    (a total cannot cover days to come); a month that is over keeps all its days."""
    reports = one(ex, "Russian forces made their largest gains in November, seizing 725 square "
                      "kilometres.", D(2024, 11, 6))
    assert [(str(r["start"]), str(r["end"]), r["rate_km2_per_day"]) for r in reports] == [
        ("2024-11-01", "2024-11-06", 120.833)]
    reports = one(ex, "Russian forces seized 725 square kilometres in November.", D(2024, 12, 2))
    assert [(str(r["start"]), str(r["end"])) for r in reports] == [("2024-11-01", "2024-11-30")]


def test_lost_control_of_an_area_is_a_loss(ex: Extractor) -> None:
    """'lost control of N km² near X over the past day': the other side's gain, not an
    area held."""
    reports = one(ex, "Ukraine lost control of about 7 square kilometres near Kupiansk over the "
                      "past day, the general staff said.", D(2024, 11, 6))
    assert [(r["kind"], r["side"], str(r["start"]), r["rate_km2_per_day"]) for r in reports] == [
        ("advance_rate", "RU", "2024-11-06", 7.0)]
