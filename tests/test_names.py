"""Name keys: the spellings of one place meet, different places stay apart."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontline.geo.names import exact_key, folded_key, region_keys, split_region_suffix

SAME_PLACE = [
    ("Selydove", "Selidove", "Селидове", "Selydove"),
    ("Kupiansk", "Kupyansk", "Kupjansk", "Куп'янськ", "Kup’yans’k"),
    ("Avdiivka", "Avdiyivka", "Авдіївка"),
    ("Horlivka", "Gorlivka"),
    ("Zaporizhzhia", "Zaporizhia", "Zaporizhzhya"),
    ("Kropyvnytskyi", "Kropyvnytskyy", "Kropivnitskiy", "Kropyvnytskyj"),
    ("Dzerzhynsk", "Dzerzhinsk", "Дзержинськ"),
    ("Kharkiv", "Харків", "Kharkiw"),
]


@pytest.mark.parametrize("spellings", SAME_PLACE, ids=lambda s: s[0])
def test_romanisations_share_a_folded_key(spellings: tuple[str, ...]) -> None:
    assert len({folded_key(s) for s in spellings}) == 1


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ", "`"])
def test_apostrophes_do_not_matter(apostrophe: str) -> None:
    assert exact_key(f"Kup{apostrophe}yans{apostrophe}k") == "kupyansk"


def test_case_diacritics_and_hyphens() -> None:
    assert exact_key("  CHASIV-YAR ") == exact_key("Chasiv Yar") == "chasiv yar"
    assert exact_key("Sudža") == exact_key("Sudza")
    assert exact_key("Щёлково") == exact_key("щелково")


def test_different_places_stay_apart() -> None:
    assert folded_key("Pokrovsk") != folded_key("Pokrovske")
    assert folded_key("Kyiv") != folded_key("Kursk")
    assert exact_key("Selydove") != exact_key("Selidovo")


def test_other_scripts_only_match_exactly() -> None:
    assert folded_key("基辅") == ""
    assert exact_key("基辅") == "基辅"


@pytest.mark.parametrize(
    ("name", "stem"),
    [("Kursk region", "kursk"), ("Курская область", "kursk"), ("Donetska oblast", "donetsk"),
     ("Донецька область", "donetsk"), ("Kurskaya oblast'", "kursk"),
     ("Харьковская область", "kharkov")],
)
def test_region_keys(name: str, stem: str) -> None:
    assert stem in region_keys(name)


def test_split_region_suffix() -> None:
    assert split_region_suffix("Kursk Oblast") == ("kursk", True)
    assert split_region_suffix("Kursk") == ("kursk", False)


@given(st.text(max_size=40))
def test_exact_key_is_idempotent(text: str) -> None:
    key = exact_key(text)
    assert exact_key(key) == key
    assert key == key.strip()
    assert "  " not in key
    assert not any(ch in key for ch in "'’ʼ`")


@given(st.text(alphabet="абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэёъ -'", max_size=30))
def test_cyrillic_always_folds_to_ascii(text: str) -> None:
    key = folded_key(text)
    assert key.isascii()
    assert folded_key(exact_key(text)) == key
    assert " " not in key
