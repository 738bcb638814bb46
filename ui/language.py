"""The interface language and locale: Qt translators, the core's catalogue, number formats.

The language is the one chosen in Preferences (stored in QSettings under ``language``:
``"en"``, ``"fr"``, or ``"system"``), the system's by default. Qt's ``.qm`` catalogues
(``resources/translations/meterdesk_<lang>.qm``, Qt's own ``qtbase_<lang>.qm``) translate
the widgets; :mod:`app.i18n` translates the core's messages. Displays format numbers
and dates with the matching QLocale (a decimal comma in French); files keep their formats.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDateTime,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)

from app import i18n
from app.live.units import format_number
from app.resources import resource_path

SETTING = "language"
SYSTEM = "system"
TRANSLATOR_NAME = "meterdesk-language"


def settings() -> QSettings:
    """MeterDesk's user settings."""
    return QSettings("MeterDesk", "MeterDesk")


def chosen_language(store: QSettings | None = None) -> str:
    """The language stored in Preferences: a code of :data:`app.i18n.LANGUAGES` or ``"system"``."""
    value = str((store or settings()).value(SETTING, SYSTEM))
    return value if value in i18n.LANGUAGES else SYSTEM


def system_language() -> str:
    """The first of the system's interface languages that MeterDesk ships; English otherwise."""
    for name in QLocale.system().uiLanguages():
        code = name.split("-")[0].split("_")[0].lower()
        if code in i18n.LANGUAGES:
            return code
    return i18n.SOURCE_LANGUAGE


def language_in_use(store: QSettings | None = None) -> str:
    """The code of the language MeterDesk speaks: the one chosen in Preferences, else the system's."""
    choice = chosen_language(store)
    return system_language() if choice == SYSTEM else choice


def interface_translator(language: str) -> QTranslator:
    """The interface's catalogue in ``language`` (empty for English), usable before an application exists."""
    translator = QTranslator()
    if language != i18n.SOURCE_LANGUAGE:
        translator.load(f"meterdesk_{language}", str(resource_path("translations")))
    return translator


def install(app: QCoreApplication, store: QSettings | None = None) -> str:
    """Translate the interface and the core's messages into the chosen language; return its code.

    A missing catalogue leaves that part in English. The translators are parented to
    ``app`` so they live as long as it does; installing again replaces them.
    """
    for old in app.findChildren(QTranslator, TRANSLATOR_NAME):
        app.removeTranslator(old)
        old.setParent(None)
    language = language_in_use(store)
    system = QLocale.system()
    QLocale.setDefault(system if system.name().startswith(language) else QLocale(language))
    i18n.set_language(language)
    if language == i18n.SOURCE_LANGUAGE:
        return language
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in ((f"qtbase_{language}", qt_folder),
                         (f"meterdesk_{language}", str(resource_path("translations")))):
        translator = QTranslator(app, objectName=TRANSLATOR_NAME)
        if translator.load(name, folder):
            app.installTranslator(translator)
        else:
            translator.setParent(None)
    return language


def number(value: float, unit: str = "") -> str:
    """A measured value with its unit auto-scaled (``230,12 V`` in French), as displays show it."""
    return _localize(format_number(value, unit))


def fixed(value: float, decimals: int) -> str:
    """``value`` with ``decimals`` decimals in the display locale, without digit grouping."""
    locale = QLocale()
    locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
    return locale.toString(float(value), "f", decimals)


def general(value: float, precision: int = 6) -> str:
    """``value`` in the shortest form (as ``{:g}``) in the display locale, without digit grouping."""
    locale = QLocale()
    locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
    return locale.toString(float(value), "g", precision)


def _localize(text: str) -> str:
    """A number formatted by :func:`format_number` (``230.12 V``) with the display's decimal point."""
    point = QLocale().decimalPoint()
    if point == ".":
        return text
    head, sep, tail = text.partition(" ")
    return head.replace(".", point) + sep + tail


def date_time(epoch: float) -> str:
    """Date and time of ``epoch`` (seconds) in the display locale, to the second."""
    moment = QDateTime.fromMSecsSinceEpoch(round(epoch * 1000))
    return QLocale().toString(moment, QLocale().dateTimeFormat(QLocale.FormatType.ShortFormat).replace(":mm", ":mm:ss"))


#: Connection states of a device session, in words (tree, status bar, pane headers).
SESSION_STATES = {"connected": QT_TRANSLATE_NOOP("SessionState", "connected"),
                  "connecting": QT_TRANSLATE_NOOP("SessionState", "connecting…"),
                  "disconnected": QT_TRANSLATE_NOOP("SessionState", "not connected"),
                  "error": QT_TRANSLATE_NOOP("SessionState", "link error"),
                  "reconnecting": QT_TRANSLATE_NOOP("SessionState", "reconnecting…")}  # fmt: skip


def session_state(state: str) -> str:
    """A session's state (``"connected"``…) in words of the interface language."""
    return QCoreApplication.translate("SessionState", SESSION_STATES.get(state, state))
