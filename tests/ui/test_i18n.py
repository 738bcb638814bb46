"""The interface in French: Qt's catalogues, the core's messages, profile texts, locale formats, Preferences."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QDialogButtonBox

from app import i18n
from app.profiles.loader import load_all
from ui import language
from ui.dialogs.preferences import PreferencesDialog
from ui.main_window import MainWindow


@pytest.fixture
def store(tmp_path):
    """Preferences in a temporary file, never the user's."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def english(qapp, store) -> None:
    """Back to the language the other tests expect."""
    store.setValue(language.SETTING, "en")
    language.install(qapp, store)
    QLocale.setDefault(QLocale.c())
    load_all.cache_clear()


@pytest.fixture
def french(qapp, store):
    """The whole interface in French for one test; English again afterwards."""
    store.setValue(language.SETTING, "fr")
    load_all.cache_clear()  # profiles are translated as they load
    yield language.install(qapp, store)
    english(qapp, store)


def test_french_interface_uses_the_manuals_terms(french, qtbot, tmp_path):
    assert french == "fr"
    window = MainWindow(data_dir=tmp_path)
    qtbot.addWidget(window)
    titles = [action.text() for action in window.nav.actions()]
    assert titles[:3] == ["Connexion", "Réglages", "Mesures"]
    assert "Mise à niveau" in titles and "Sécurité" in titles
    assert window.menuBar().actions()[0].text() == "&Fichier"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)  # Qt's own catalogue
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Annuler"
    ion7400 = load_all()["ion7400"]
    assert ion7400.register("volts_mode").label == "Mode tension"
    assert "Phaseurs" in [group.label for group in ion7400.groups]


def test_french_numbers_have_a_decimal_comma_and_core_messages_are_french(french):
    assert language.number(230.12, "V") == "230,12 V"
    assert language.number(11500, "V") == "11,5 kV"
    assert language.fixed(0.5, 2) == "0,50"
    assert i18n.current_language() == "fr"
    assert i18n._("Wiring looks correct") == "Le câblage semble correct"


def test_english_is_the_default_and_files_keep_their_format(qapp, store):
    assert language.chosen_language(store) == language.SYSTEM
    store.setValue(language.SETTING, "en")
    assert language.install(qapp, store) == "en"
    assert language.number(230.12, "V") == "230.12 V"
    assert not qapp.findChildren(QTranslator, language.TRANSLATOR_NAME)
    english(qapp, store)


def test_missing_catalogues_leave_the_interface_in_english(qapp, store, tmp_path, monkeypatch):
    monkeypatch.setattr(language, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    monkeypatch.setattr(i18n, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    store.setValue(language.SETTING, "fr")
    try:
        assert language.install(qapp, store) == "fr"  # the locale still follows the choice
        assert i18n.current_language() == "en"
        assert i18n._("Wiring looks correct") == "Wiring looks correct"
        assert QCoreApplication.translate("MainWindow", "Settings") == "Settings"
    finally:
        monkeypatch.undo()
        english(qapp, store)


def test_preferences_store_the_chosen_language(qtbot, store):
    dialog = PreferencesDialog(store=store)
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == language.SYSTEM
    assert [dialog.language.itemData(i) for i in range(dialog.language.count())] == ["system", "en", "fr"]
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    dialog.accept()
    assert store.value(language.SETTING) == "fr"
    assert language.chosen_language(store) == "fr"
    again = PreferencesDialog(store=store)
    qtbot.addWidget(again)
    assert again.language.currentData() == "fr"


def test_main_window_opens_preferences(qtbot, tmp_path):
    window = MainWindow(data_dir=tmp_path)
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    assert "&Preferences…" in [a.text() for a in file_menu.actions()]
    dialog = window.show_preferences()
    assert dialog.isVisible() and dialog.windowTitle() == "Preferences"
    dialog.reject()
