"""The English catalogue stays complete and faithful to the Indonesian source."""

from __future__ import annotations

import io
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from loket.i18n import _, set_language
from loket.i18n_catalogue import extract_messages
from loket.resources import resource

EN_PO = resource("translations", "en.po")
HOW_TO_FIX = (
    "Run `python -m loket.i18n_catalogue` (or `make catalogue`), then translate the empty or "
    "`#, fuzzy` entries in resources/translations/en.po and remove the fuzzy flag."
)


def _read(path: Path) -> Catalog:
    with path.open("rb") as po_file:
        return read_po(po_file, locale="en", domain="loket", abort_invalid=True)


@pytest.fixture(scope="module")
def english() -> Catalog:
    return _read(EN_PO)


@pytest.fixture(scope="module")
def source_messages() -> list[tuple[str, str | None]]:
    return extract_messages()


def _forms(message: Message) -> list[tuple[str, str]]:
    """(source, translation) pairs: one for a plain message, one per form for a plural."""
    if isinstance(message.id, str):
        return [(message.id, message.string if isinstance(message.string, str) else "")]
    sources = list(message.id)
    translations = list(message.string) if isinstance(message.string, tuple) else []
    # Form 0 is the singular; every further English form answers the Indonesian plural.
    return [(sources[min(i, 1)], text) for i, text in enumerate(translations)]


def _placeholders(text: str) -> set[str]:
    found = set()
    for _literal, field, spec, conversion in string.Formatter().parse(text):
        if field is not None:
            found.add(
                "{"
                + field
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
    return found


def test_every_message_in_the_source_has_an_english_translation(
    english: Catalog, source_messages: list[tuple[str, str | None]]
) -> None:
    assert len(source_messages) > 300, "extraction found too few messages: is the path right?"
    missing = []
    for msgid, plural in source_messages:
        message = english.get(msgid if plural is None else (msgid, plural))
        forms = _forms(message) if message is not None else []
        if message is None or message.fuzzy or not forms or not all(text for _s, text in forms):
            missing.append(msgid)
    assert not missing, (
        f"{len(missing)} message(s) without an English translation:\n"
        + "\n".join(f"  {msgid!r}" for msgid in missing)
        + f"\n{HOW_TO_FIX}"
    )


def test_every_translation_keeps_the_placeholders_of_its_source(english: Catalog) -> None:
    wrong = []
    for message in english:
        if not message.id or message.fuzzy:
            continue  # a fuzzy guess is never shown, and the completeness test lists it
        for source, translation in _forms(message):
            if translation and _placeholders(translation) != _placeholders(source):
                wrong.append(
                    f"  {source!r}\n    has {sorted(_placeholders(source))}, "
                    f"English has {sorted(_placeholders(translation))}"
                )
    assert not wrong, "Placeholders changed in translation (the .format() call would fail):\n" + (
        "\n".join(wrong)
    )


def test_english_is_shown_after_switching_language_and_indonesian_after_switching_back() -> None:
    try:
        set_language("en")
        assert _("Nama pengguna atau kata sandi salah.") == "Wrong username or password."
        assert _("Kartu tidak ditemukan.") == "Card not found."
        set_language("id")
        assert _("Nama pengguna atau kata sandi salah.") == "Nama pengguna atau kata sandi salah."
    finally:
        set_language("id")


def test_english_catalogue_parses_and_compiles_without_errors(english: Catalog) -> None:
    problems = [
        f"{message.id!r}: {error}" for message, errors in english.check() for error in errors
    ]
    assert not problems, "\n".join(problems)
    assert english.locale_identifier == "en"
    assert not english.fuzzy, "the header of en.po is marked fuzzy"
    compiled = io.BytesIO()
    write_mo(compiled, english)
    assert compiled.getbuffer().nbytes > 10_000
