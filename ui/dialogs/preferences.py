"""Preferences dialog: the interface language (applied when MeterDesk restarts)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from app import i18n
from ui import language


class PreferencesDialog(QDialog):
    """Edits the user's preferences in ``store`` (MeterDesk's QSettings by default)."""

    def __init__(self, parent: QWidget | None = None, store: QSettings | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.store = store or language.settings()
        self.language = QComboBox()
        system = i18n.LANGUAGES[language.system_language()]
        self.language.addItem(self.tr("System language (%s)") % system, language.SYSTEM)
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(language.chosen_language(self.store)))
        note = QLabel(self.tr("The new language applies when MeterDesk restarts."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow(note)
        form.addRow(buttons)

    def accept(self) -> None:
        self.store.setValue(language.SETTING, self.language.currentData())
        self.store.sync()
        super().accept()
