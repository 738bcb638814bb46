"""Translated messages of the core: what ``app`` tells users, in English or French.

Messages are English templates with named placeholders, wrapped in :func:`_` where
they are made: ``_("{device}: no answer within {seconds} s").format(device=..., seconds=...)``.
Templates kept in tables are marked with :func:`N_` and translated where they are
shown. The texts device profiles show (labels, help, cautions, rule messages) go
through :func:`profile_text`. Catalogues are gettext files in ``resources/translations``:
``app_<lang>.po`` and ``profiles_<lang>.po`` (edited) and the ``.mo`` files compiled from
them (loaded; ``make translations`` gathers new messages and compiles).

The language follows the system (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, then
the platform's locale) until a front end calls :func:`set_language`; the GUI does so
with the language chosen in its preferences. Without a catalogue, messages stay English.
"""

from __future__ import annotations

import gettext
import locale
import os
from enum import StrEnum
from pathlib import Path

from app.resources import resource_path

#: Languages MeterDesk ships, by code, with their names as their speakers write them.
LANGUAGES = {"en": "English", "fr": "Français"}
SOURCE_LANGUAGE = "en"

DOMAINS = ("app", "profiles")

_catalogues: dict[str, gettext.NullTranslations] = {}  # by domain; empty until first used or set
_language = SOURCE_LANGUAGE


def catalogue_path(domain: str, language: str) -> Path:
    """Compiled catalogue of ``domain`` ("app" or "profiles") in ``language`` (may not exist)."""
    return resource_path("translations", f"{domain}_{language}.mo")


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
    global _language
    language = language or system_language()
    if language not in LANGUAGES or not catalogue_path("app", language).is_file():
        language = SOURCE_LANGUAGE
    for domain in DOMAINS:
        path = catalogue_path(domain, language)
        if language == SOURCE_LANGUAGE or not path.is_file():
            _catalogues[domain] = gettext.NullTranslations()
            continue
        with path.open("rb") as file:
            _catalogues[domain] = gettext.GNUTranslations(file)
    _language = language
    return language


def current_language() -> str:
    """Code of the language messages are translated into."""
    _catalogue("app")
    return _language


def _catalogue(domain: str) -> gettext.NullTranslations:
    if not _catalogues:
        set_language(None)
    return _catalogues[domain]


def _(message: str) -> str:
    """``message`` (an English template) in the current language."""
    return _catalogue("app").gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural template for ``count``, in the current language."""
    return _catalogue("app").ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a template kept in a table for the catalogue; translate it with :func:`_` where shown."""
    return message


class TranslatedEnum(StrEnum):
    """A string enum whose values are English templates marked with :func:`N_`:
    :attr:`label` gives a member in the current language, its value stays English."""

    @property
    def label(self) -> str:
        """The member in words, in the current language."""
        return _(self.value)


def profile_text(text: str) -> str:
    """A text a device profile shows (label, help…) in the current language."""
    return _catalogue("profiles").gettext(text)
