"""An editor for one setting register, validated as the user types.

Enums get a combo box, bit fields a row of check boxes, text, numbers and
IPv4 addresses a line edit. The editor says what is wrong with what is typed
(:meth:`SettingEditor.problem`) and shows it: a red frame and the reason as
tooltip. An empty line edit means "not in the configuration".
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QWidget

from app.errors import ValidationError
from app.modbus import codec
from app.modbus.codec import Value
from app.profiles.model import Register

INVALID_STYLE = "border: 1px solid #c62828; background: #ffebee;"
BLANK = object()  # value() of an empty editor


def typed_text(reg: Register, value: Value) -> str:
    """How a value of ``reg`` is typed in an editor (no unit, enum labels, dotted IPv4)."""
    if reg.type == "string":
        return str(value)
    return codec.format_value(reg, value, with_unit=False)


class SettingEditor(QWidget):
    """Edits one register's value; emits :attr:`sig_edited` on every user change."""

    sig_edited = Signal(str)  # register name

    def __init__(self, reg: Register, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self._problem: str | None = None
        self._note: str | None = None  # a rule problem set from outside
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.combo: QComboBox | None = None
        self.line: QLineEdit | None = None
        self.boxes: dict[int, QCheckBox] = {}
        if reg.enum is not None:
            self.combo = QComboBox()
            self.combo.addItem("", None)  # not in the configuration
            for key, label in reg.enum.items():
                self.combo.addItem(label, key)
            self.combo.currentIndexChanged.connect(self._edited)
            layout.addWidget(self.combo, 1)
        elif reg.bits is not None:
            for bit, label in reg.bits.items():
                box = QCheckBox(label)
                box.toggled.connect(self._edited)
                self.boxes[bit] = box
                layout.addWidget(box)
            layout.addStretch(1)
        else:
            self.line = QLineEdit()
            self.line.setPlaceholderText(self.tr("not set"))
            self.line.textEdited.connect(self._edited)
            layout.addWidget(self.line, 1)
        self.setToolTip(reg.help)
        self._blank_bits = False

    # ---- value

    def set_value(self, value: Value | None) -> None:
        """Show ``value`` (None: not in the configuration) without emitting :attr:`sig_edited`."""
        if self.combo is not None:
            with QSignalBlocker(self.combo):
                self.combo.setCurrentIndex(max(0, self.combo.findData(value)) if value is not None else 0)
        elif self.boxes:
            self._blank_bits = value is None
            for bit, box in self.boxes.items():
                with QSignalBlocker(box):
                    box.setChecked(value is not None and bool(int(value) >> bit & 1))
        else:
            assert self.line is not None
            self.line.setText("" if value is None else typed_text(self.reg, value))
        self._check()

    def value(self) -> Value | object:
        """The typed value, or :data:`BLANK`; raises :class:`ValidationError` if it is not allowed."""
        if self.combo is not None:
            data = self.combo.currentData()
            return BLANK if data is None else codec.validate(self.reg, data)
        if self.boxes:
            if self._blank_bits:
                return BLANK
            return codec.validate(self.reg, sum(1 << bit for bit, box in self.boxes.items() if box.isChecked()))
        assert self.line is not None
        text = self.line.text()
        if not text.strip() and self.reg.type != "string":
            return BLANK
        if not text and self.reg.type == "string":
            return BLANK
        return codec.validate(self.reg, codec.parse_text(self.reg, text))

    # ---- problems

    def problem(self) -> str | None:
        """Why the typed value cannot be written, or None."""
        return self._problem

    def set_note(self, note: str | None) -> None:
        """Mark a problem found with other settings (a cross-field rule), or clear it."""
        self._note = note
        self._show()

    def _edited(self, *_args: object) -> None:
        self._blank_bits = False
        self._check()
        self.sig_edited.emit(self.reg.name)

    def _check(self) -> None:
        try:
            self.value()
            self._problem = None
        except ValidationError as exc:
            self._problem = str(exc)
        self._show()

    def _show(self) -> None:
        message = self._problem or self._note
        target = self.combo or self.line or self
        target.setStyleSheet(INVALID_STYLE if message else "")
        target.setToolTip(message or self.reg.help)
