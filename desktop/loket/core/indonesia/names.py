"""Names as the desk searches them: no case, no titles, no punctuation; and as sentences end.

"Hj. SITI AMINAH, S.Pd." and "siti aminah" are the same person to a resident asking for
her card, so both the stored name and the query are reduced to their plain words.
Pure functions: the migration that fills `card.name_key` for old rows uses them too.
"""

from __future__ import annotations

import re
import unicodedata

#: Religious and social honorifics, academic titles and degrees, written without their dots.
#: Dropped wherever they stand, in stored names and in queries alike.
TITLES = frozenset(
    {
        # Haji, Hajjah, Kyai Haji, Nyonya, Nona, Tuan
        *("h", "hj", "haji", "hajjah", "hajah", "kh", "ny", "nn", "tn"),
        # before the name
        *("dr", "drs", "dra", "drg", "ir", "prof"),
        # bachelor's degrees (S.H., S.Pd., S.E., ...) and diplomas (A.Md.)
        *("sh", "se", "spd", "spdi", "ssos", "sag", "ssi", "skom", "skep", "sked", "skm"),
        *("sfarm", "spsi", "sip", "sap", "shi", "sth", "ssy", "sik", "sei", "stp", "sp"),
        *("amd", "amdkep", "amdkeb", "ama", "amk"),
        # master's and doctoral degrees
        *("msi", "mm", "mh", "mpd", "mt", "mkes", "mag", "mkom", "mhum", "mak", "msc", "mba"),
        *("mpdi", "phd", "lc"),
    }
)

_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bc]")  # Ma'ruf, Nur'aini: one word
_CHUNK_SEPARATORS = re.compile(r"[\s,;/()]+")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def _plain(text: str) -> str:
    """Lower case, accents removed (é -> e), apostrophes dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", stripped.casefold())


def name_words(text: str) -> list[str]:
    """ "Hj.Siti Aminah, S.Pd." -> ["siti", "aminah"]: the words a name is searched by."""
    words: list[str] = []
    for chunk in _CHUNK_SEPARATORS.split(_plain(text)):
        if _NOT_WORD.sub("", chunk) in TITLES:  # "S.Pd." as a whole is a title
            continue
        words.extend(w for w in _NOT_WORD.split(chunk) if w and w not in TITLES)
    return words


def end_sentence(sentence: str) -> str:
    """The sentence with one full stop at its end, also when it ends with a name whose degree
    has its own: "…, petugas Dewi Lestari, S.E." plus the sentence's "." is not "S.E..".

    For a sentence put together from a template ending "{name}." (or with no stop at all);
    an ellipsis ("…" or "...") is left as it is.
    """
    text = sentence.rstrip()
    if text.endswith("..") and not text.endswith("..."):
        return text[:-1]
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def name_key(name: str) -> str:
    """ " siti aminah ": the stored search key of a card's name ("" for a card without a name).

    Padded with spaces so that "starts a word" is `LIKE '% ami%'` on every database.
    """
    words = name_words(name)
    return f" {' '.join(words)} " if words else ""


#: Official papers are in Indonesian only: this never goes through the catalogue.
NO_NAME_ON_PAPER = "(nama tidak ada di daftar)"


def name_on_paper(name: str) -> str:
    """A card owner's name as the card prints it, in capitals; why there is none, if none.

    The kecamatan's list may write "Sumarni" where the card says "SUMARNI"; a card scanned in
    from a batch without a list has no name until the desk types one.
    """
    name = " ".join(name.split())
    return name.upper() if name else NO_NAME_ON_PAPER
