"""Name keys: how the many spellings of one place are made to meet.

Two keys are computed for every name, in the gazetteer and in a query:

``exact_key``
    Case, diacritics, apostrophes (``' ’ ʼ``), hyphens and repeated spaces
    removed: ``"Kup'yans'k"`` and ``"kupyansk"`` meet, ``"Селидове"`` stays
    Cyrillic.
``folded_key``
    Cyrillic transliterated to Latin with one scheme for Ukrainian and Russian,
    then the differences between the common romanisations folded away
    (``y/j -> i``, ``kh -> h``, ``g -> h``, ``zh -> z``, ``ts -> c``,
    ``ie/ye -> e``, doubled letters, spaces): ``Kupiansk``, ``Kupyansk``,
    ``Kupjansk`` and ``Куп'янськ`` share one key.

An exact match always beats a folded one; a folded match is a spelling
variant, never a typo (typos are handled by suggestions, not by matching).

Examples
--------
>>> exact_key("Kup’yans’k")
'kupyansk'
>>> folded_key("Kupiansk") == folded_key("Kupyansk") == folded_key("Куп'янськ")
True
>>> folded_key("Селидове") == folded_key("Selydove") == folded_key("Selidove")
True
>>> folded_key("Horlivka") == folded_key("Gorlivka")
True
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "exact_key",
    "fold_exact_key",
    "folded_key",
    "has_region_word",
    "region_keys",
    "split_region_suffix",
    "transliterate",
]

# Apostrophes and letter modifiers that romanisations use for the soft sign or
# the Ukrainian apostrophe; all are dropped.
_APOSTROPHES = "'’ʼ`´ʹʻʽ‘′\""
_DROP = str.maketrans("", "", _APOSTROPHES + "ьъЬЪ")
_SPACES = re.compile(r"[\s\-‐‑‒–—_/.,()]+")

# One Latin scheme for Ukrainian and Russian Cyrillic (after diacritics are
# stripped: й -> и, ї -> і, ё -> е).
_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e",
    "є": "ie", "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "shch", "ы": "y", "э": "e", "ю": "iu", "я": "ia",
    "ў": "u",
    # Latin letters that NFKD does not decompose
    "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th",
    "ı": "i", "ħ": "h",
}
_CYR_TABLE = str.maketrans(_CYR)

# Romanisation differences folded in the second key, applied in this order.
_FOLDS = (
    ("shch", "sc"),
    ("sch", "sc"),
    ("kh", "h"),
    ("gh", "h"),
    ("g", "h"),
    ("zh", "z"),
    ("tz", "c"),
    ("ts", "c"),
    ("x", "ks"),
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
    ("ie", "e"),
)
_DOUBLE = re.compile(r"(.)\1+")
_TYPE_WORDS = (
    "oblast", "oblasti", "oblast'", "region", "province", "provincia", "krai",
    "kray", "krayi", "okrug", "republic", "respublika", "respublica",
    "область", "обл", "край", "республика", "республіка", "регион", "регіон",
    "округ", "autonomous", "автономна", "автономная", "avtonomna",
    "avtonomnaya", "avtonomnyy", "of", "the",
)
_TYPE_SET: frozenset[str] = frozenset()  # filled below, once exact_key exists
_ADJ_ENDINGS = (
    "skaia", "skaya", "skaja", "skoi", "skii", "skiy", "skyi", "skyy", "skij",
    "skoe", "skoye", "ske", "ska", "sky", "ski",
)


class _DropCombining(dict[int, int | None]):
    """``str.translate`` table that deletes combining marks, filled as it is used."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_NO_MARKS = _DropCombining()


def _strip_marks(text: str) -> str:
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_NO_MARKS)


def exact_key(name: str) -> str:
    """Key for exact matching: case, accents, apostrophes and hyphens removed.

    Parameters
    ----------
    name : str
        A place name as written, in any script.

    Returns
    -------
    str
        The key; empty when the name has no letters or digits.

    Examples
    --------
    >>> exact_key("  Chasiv-Yar ")
    'chasiv yar'
    >>> exact_key("Дзержинськ") == exact_key("дзержинськ")
    True
    """
    text = _strip_marks(_strip_marks(name).casefold()).translate(_DROP)
    return _SPACES.sub(" ", text).strip()


_TYPE_SET = frozenset(exact_key(w) for w in _TYPE_WORDS)


def transliterate(text: str) -> str:
    """Transliterate Ukrainian or Russian Cyrillic to plain Latin letters.

    The text is expected to be an :func:`exact_key` (lower case, no marks).

    Examples
    --------
    >>> transliterate(exact_key("Харків"))
    'kharkiv'
    >>> transliterate(exact_key("Щёлково"))
    'shchelkovo'
    """
    return text.translate(_CYR_TABLE)


def folded_key(name: str) -> str:
    """Key that folds the differences between romanisations of Slavic names.

    Parameters
    ----------
    name : str
        A place name as written.

    Returns
    -------
    str
        Lower-case ASCII-ish key with no spaces; empty for names in scripts
        other than Latin and Cyrillic, which only match exactly.

    Examples
    --------
    >>> folded_key("Avdiivka") == folded_key("Avdiyivka") == folded_key("Авдіївка")
    True
    >>> folded_key("Zaporizhzhia") == folded_key("Zaporizhia")
    True
    """
    return fold_exact_key(exact_key(name))


def fold_exact_key(key: str) -> str:
    """:func:`folded_key` of a name whose :func:`exact_key` is already known.

    Examples
    --------
    >>> fold_exact_key(exact_key("Łyman")) == folded_key("Lyman")
    True
    """
    text = key.translate(_CYR_TABLE)
    if not text or not text.isascii():
        return ""
    text = text.replace(" ", "")
    for old, new in _FOLDS:
        if old in text:
            text = text.replace(old, new)
    return _DOUBLE.sub(r"\1", text)


def split_region_suffix(name: str) -> tuple[str, bool]:
    """Remove words such as *oblast*, *region*, *область* from a name.

    Returns
    -------
    tuple of (str, bool)
        The exact key of what remains, and whether a type word was removed.

    Examples
    --------
    >>> split_region_suffix("Kursk region")
    ('kursk', True)
    >>> split_region_suffix("Курская область")
    ('курская', True)
    >>> split_region_suffix("Sumy")
    ('sumy', False)
    """
    words = exact_key(name).split()
    kept = [w for w in words if w not in _TYPE_SET]
    return " ".join(kept), len(kept) != len(words)


def has_region_word(key: str) -> bool:
    """Whether an :func:`exact_key` contains a word such as *oblast* or *область*.

    Examples
    --------
    >>> has_region_word(exact_key("Kursk Oblast")), has_region_word("kursk")
    (True, False)
    """
    return any(word in _TYPE_SET for word in key.split())


def _stems(key: str) -> set[str]:
    """Stems of an adjectival region name: ``donetska -> donetsk``."""
    out = set()
    latin = transliterate(key)
    for ending in _ADJ_ENDINGS:
        if latin.endswith(ending) and len(latin) - len(ending) >= 3:
            base = latin[: -len(ending)]
            out.add(base + "sk")  # Kurskaya -> kursk, Donetska -> donetsk
            if len(base) >= 4:
                out.add(base)  # Kharkovskaya -> kharkov, Sumska -> sum (too short, dropped)
            break
    if latin.endswith("ka") and not latin.endswith("ska") and len(latin) > 6:
        out.add(latin[:-2])  # Zaporizka -> zaporiz
    return out


def region_keys(name: str) -> set[str]:
    """All keys under which a region name (or a query for one) is looked up.

    Examples
    --------
    >>> {"kursk", "kurskaya"} <= region_keys("Kurskaya oblast'")
    True
    >>> "kursk" in region_keys("Курская область")
    True
    >>> "donetsk" in region_keys("Donetska oblast")
    True
    """
    stripped, _ = split_region_suffix(name)
    keys = {k for k in (exact_key(name), stripped) if k}
    for key in list(keys):
        keys.add(transliterate(key))
        if " " not in key:
            keys |= _stems(key)
    folded = {folded_key(k) for k in keys}
    return {k for k in keys | folded if len(k) >= 3}
