"""Combo boxes for a serial line's settings (baud, parity, stop bits), shared by every form that asks for them."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox

#: Baud rates offered for RS-485 lines, bit/s.
BAUDS = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)


class SerialLineCombos(QObject):
    """``baud``, ``parity`` and ``stopbits`` combos whose item data are the link's values (int, "N"/"E"/"O", int)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.baud = QComboBox()
        for baud in BAUDS:
            self.baud.addItem(str(baud), baud)
        self.parity = QComboBox()
        for code, label in (("N", self.tr("None")), ("E", self.tr("Even")), ("O", self.tr("Odd"))):
            self.parity.addItem(label, code)
        self.stopbits = QComboBox()
        self.stopbits.addItem("1", 1)
        self.stopbits.addItem("2", 2)

    def set(self, baud: int, parity: str, stopbits: int) -> None:
        """Show these settings (a baud rate not offered shows the first one)."""
        self.baud.setCurrentIndex(max(0, self.baud.findData(baud)))
        self.parity.setCurrentIndex(self.parity.findData(parity))
        self.stopbits.setCurrentIndex(self.stopbits.findData(stopbits))
