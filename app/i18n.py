"""Translated messages of the core: what ``app`` tells users, in English or French.

Messages are English templates with named placeholders, wrapped in :func:`_` where
they are made: ``_("{device}: no answer within {seconds} s").format(device=..., seconds=...)``.
Templates kept in tables are marked with :func:`N_` and translated where they are
shown. Catalogues are gettext files: ``resources/translations/app_<lang>.po`` (edited)
and the ``.mo`` compiled from it (loaded; ``make translations`` rebuilds it).

The language follows the system (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, then
the platform's locale) until a front end calls :func:`set_language`; the GUI does so
with the language chosen in its preferences. Without a catalogue, messages stay English.
"""

from __future__ import annotations

import gettext
import locale
import os
from pathlib import Path

from app.resources import resource_path

#: Languages MeterDesk ships, by code, with their names as their speakers write them.
LANGUAGES = {"en": "English", "fr": "Français"}
SOURCE_LANGUAGE = "en"

_translation: gettext.NullTranslations | None = None  # None until first used or set
_language = SOURCE_LANGUAGE


def catalogue_path(language: str) -> Path:
    """Compiled catalogue of ``language`` (may not exist)."""
    return resource_path("translations", f"app_{language}.mo")


def system_language() -> str:
    """The first language the user's environment asks for that MeterDesk ships; English otherwise."""
    wanted: list[str] = []
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            wanted.extend(value.split(":"))
            break
    if not wanted:
        platform_locale = locale.getlocale()[0]  # e.g. "fr_FR" or, on Windows, "French_France"
        if platform_locale:
            wanted.append(platform_locale)
    for name in wanted:
        code = name.split("_")[0].split(".")[0].split("-")[0].lower()
        if code in LANGUAGES:
            return code
        if code[:2] in LANGUAGES and len(code) > 2:  # Windows names: "french" → "fr"
            return code[:2]
    return SOURCE_LANGUAGE


def set_language(language: str | None) -> str:
    """Translate messages into ``language`` ("en", "fr"; None for the system's) from now on.

    Returns the language in use: English when ``language`` is unknown or its catalogue missing.
    """
    global _translation, _language
    language = language or system_language()
    translation = gettext.NullTranslations()
    path = catalogue_path(language)
    if language != SOURCE_LANGUAGE and language in LANGUAGES and path.is_file():
        with path.open("rb") as file:
            translation = gettext.GNUTranslations(file)
    else:
        language = SOURCE_LANGUAGE
    _translation, _language = translation, language
    return language


def current_language() -> str:
    """Code of the language messages are translated into."""
    _catalogue()
    return _language


def _catalogue() -> gettext.NullTranslations:
    if _translation is None:
        set_language(None)
    assert _translation is not None
    return _translation


def _(message: str) -> str:
    """``message`` (an English template) in the current language."""
    return _catalogue().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural template for ``count``, in the current language."""
    return _catalogue().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a template kept in a table for the catalogue; translate it with :func:`_` where shown."""
    return message
