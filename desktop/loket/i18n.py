"""The one translation catalogue, reachable without Qt.

Every sentence a user reads is written in Bahasa Indonesia in the source and
marked with `_()`. Indonesian is the language of the desk and of every
official paper, so a missing translation falls back to Indonesian, never to
English. The English interface comes from `resources/translations/en.po`,
compiled in memory at start-up (no build step, one source of truth).
"""

from __future__ import annotations

import gettext
import io
from functools import cache

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from loket.resources import resource

DOMAIN = "loket"
DEFAULT_LANGUAGE = "id"
LANGUAGES = ("id", "en")

_translations: gettext.NullTranslations = gettext.NullTranslations()


@cache
def _load(language: str) -> gettext.NullTranslations:
    po_path = resource("translations", f"{language}.po")
    if language == DEFAULT_LANGUAGE or not po_path.exists():
        return gettext.NullTranslations()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def set_language(language: str) -> None:
    global _translations
    _translations = _load(language if language in LANGUAGES else DEFAULT_LANGUAGE)


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for extraction where it is translated later (at display time)."""
    return message
