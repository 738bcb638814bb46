"""Calculators from the manuals, placed next to the settings they feed.

Each reads the settings it needs through a :class:`Fields` (the edited value,
else the device's) and writes its result into them with "Use", as if typed.
The profile's ``[[calculators]]`` entries say which registers play which role.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.config.calculators import (
    burst_records,
    cycles_for,
    pulse_weight,
    waveform_capture,
)
from app.errors import ValidationError
from app.modbus.codec import Value
from app.profiles.model import Calculator
from ui.language import general

DEFAULT_FREQUENCY = 50.0  # Hz, when the form has no frequency yet


class Fields(Protocol):
    """What a calculator sees of the form."""

    def current(self, name: str) -> Value | None:
        """The edited value of a setting if it is valid, else the device's, else None."""

    def put(self, name: str, value: Value) -> None:
        """Set a setting's editor as if the user typed ``value``."""


class CalculatorBox(QGroupBox):
    """Base: a titled box with a form, a result line and a "Use" button."""

    title_text = ""
    source_text = ""

    def __init__(self, calc: Calculator, fields: Fields, parent: QWidget | None = None) -> None:
        super().__init__(self.tr(self.title_text), parent)
        self.calc = calc
        self.fields = fields
        self.form = QFormLayout(self)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.use_button = QPushButton(self.tr("Use"))
        self.use_button.clicked.connect(self.use)
        self.setToolTip(self.tr("From the manual: %s") % calc.source)

    def finish(self) -> None:
        self.form.addRow(self.result)
        self.form.addRow(self.use_button)
        note = QLabel(self.tr(self.source_text) + f" ({self.calc.source})")
        note.setWordWrap(True)
        note.setStyleSheet("color: #616161; font-size: 11px;")
        self.form.addRow(note)
        self.refresh()

    def role(self, role: str) -> str | None:
        return self.calc.fields.get(role)

    def current(self, role: str) -> Value | None:
        name = self.role(role)
        return None if name is None else self.fields.current(name)

    def frequency(self) -> float:
        value = self.current("frequency")
        return float(value) if value else DEFAULT_FREQUENCY

    def refresh(self) -> None:
        """Recompute the result from the inputs and the form."""

    def use(self) -> None:
        """Put the result into the settings it feeds."""


def _spin(low: float, high: float, value: float, decimals: int = 3, suffix: str = "") -> QDoubleSpinBox:
    spin = QDoubleSpinBox(minimum=low, maximum=high, value=value, decimals=decimals, suffix=suffix)
    spin.setKeyboardTracking(False)
    return spin


class PulseWeight(CalculatorBox):
    """kWh per pulse = peak kW / 3600 / pulses per second, halved in KYZ mode."""

    title_text = QT_TRANSLATE_NOOP("PulseWeight", "Pulse weight calculator")
    source_text = QT_TRANSLATE_NOOP("PulseWeight", "kWh/pulse = peak kW ÷ 3600 ÷ pulses per second; ÷ 2 in KYZ mode.")

    def __init__(self, calc: Calculator, fields: Fields, parent: QWidget | None = None) -> None:
        super().__init__(calc, fields, parent)
        self.peak = _spin(0.001, 1e7, 1600.0, 3, " kW")
        self.rate = _spin(0.01, 25.0, 2.0, 2, " " + self.tr("pulses/s"))
        self.form.addRow(self.tr("Highest expected load"), self.peak)
        self.form.addRow(self.tr("Pulse rate wanted"), self.rate)
        self.peak.valueChanged.connect(self.refresh)
        self.rate.valueChanged.connect(self.refresh)
        self.finish()

    def kyz(self) -> bool:
        mode = self.current("mode")
        return mode == 1

    def value(self) -> float:
        return pulse_weight(self.peak.value(), self.rate.value(), kyz=self.kyz())

    def refresh(self) -> None:
        try:
            pulse = pulse_weight(self.peak.value(), self.rate.value())
            kyz = pulse / 2
        except ValidationError as exc:
            self.result.setText(str(exc))
            self.use_button.setEnabled(False)
            return
        mode = self.tr("KYZ") if self.kyz() else self.tr("Pulse")
        self.result.setText(self.tr("<b>%s kWh/pulse</b> in %s mode<br>Pulse mode %s, KYZ mode %s kWh/pulse")
                            % (general(self.value(), 4), mode, general(pulse, 4), general(kyz, 4)))
        self.use_button.setEnabled(True)

    def use(self) -> None:
        self.fields.put(self.calc.fields["kt"], float(f"{self.value():.6g}"))


class BurstDepth(CalculatorBox):
    """Records before and after a trigger (2 x frequency per second), depth in whole bursts."""

    title_text = QT_TRANSLATE_NOOP("BurstDepth", "Burst recorder calculator")
    source_text = QT_TRANSLATE_NOOP("BurstDepth", "Records = 2 × frequency × seconds; a burst is pre + post + 1 "
                                                  "records; depths hold whole bursts.")

    def __init__(self, calc: Calculator, fields: Fields, parent: QWidget | None = None) -> None:
        super().__init__(calc, fields, parent)
        self.before = _spin(0.0, 60.0, 0.1, 3, " s")
        self.after = _spin(0.0, 60.0, 0.05, 3, " s")
        self.bursts = QSpinBox(minimum=1, maximum=100000, value=100)
        self.buffered = QSpinBox(minimum=1, maximum=100000, value=2)
        self.form.addRow(self.tr("Before the trigger"), self.before)
        self.form.addRow(self.tr("After the trigger"), self.after)
        self.form.addRow(self.tr("Bursts to keep"), self.bursts)
        self.form.addRow(self.tr("Bursts buffered in RAM"), self.buffered)
        for widget in (self.before, self.after, self.bursts, self.buffered):
            widget.valueChanged.connect(self.refresh)
        self.finish()

    def compute(self):
        return burst_records(self.before.value(), self.after.value(), self.frequency(), self.bursts.value(),
                             self.buffered.value())

    def refresh(self) -> None:
        try:
            b = self.compute()
        except ValidationError as exc:
            self.result.setText(str(exc))
            self.use_button.setEnabled(False)
            return
        self.result.setText(
            self.tr("At %s Hz (%s records/s): <b>%d pre + %d post</b> records, %d per burst; depth <b>%d</b>, "
                    "buffer depth <b>%d</b>") % (general(self.frequency()), general(b.records_per_second),
                                                 b.pre_records, b.post_records, b.per_burst, b.depth, b.buffer_depth))
        self.use_button.setEnabled(True)

    def use(self) -> None:
        b = self.compute()
        for role, value in (("pre", b.pre_records), ("post", b.post_records), ("depth", b.depth),
                            ("buffer_depth", b.buffer_depth)):
            if self.role(role):
                self.fields.put(self.calc.fields[role], value)


class WaveformLength(CalculatorBox):
    """Length, samples and trigger position of a capture of the waveform format."""

    title_text = QT_TRANSLATE_NOOP("WaveformLength", "Waveform capture calculator")
    source_text = QT_TRANSLATE_NOOP("WaveformLength", "Format = samples per cycle × cycles; the record delay is "
                                                      "captured after the trigger.")

    def __init__(self, calc: Calculator, fields: Fields, parent: QWidget | None = None) -> None:
        super().__init__(calc, fields, parent)
        self.wanted = _spin(1.0, 60000.0, 200.0, 1, " ms")
        self.form.addRow(self.tr("Capture length wanted"), self.wanted)
        self.wanted.valueChanged.connect(self.refresh)
        self.use_button.setText(self.tr("Use: set the cycles"))
        self.finish()

    def refresh(self) -> None:
        spc, cycles = self.current("samples_per_cycle"), self.current("cycles")
        delay = self.current("delay") or 0
        f = self.frequency()
        needed = cycles_for(self.wanted.value() / 1000.0, f)
        if not spc or not cycles:
            self.result.setText(self.tr("Set the samples per cycle and cycles to see the capture; %d cycles "
                                        "give the length wanted at %s Hz") % (needed, general(f)))
            return
        try:
            c = waveform_capture(int(spc), int(cycles), f, int(delay))
        except ValidationError as exc:
            self.result.setText(str(exc))
            return
        self.result.setText(
            self.tr("%d × %d at %s Hz: <b>%s ms</b>, %d samples per channel at %s kHz; %s ms before and %s ms "
                    "after the trigger. The length wanted needs %d cycles.")
            % (c.samples_per_cycle, c.cycles, general(f), general(c.duration * 1000, 4), c.samples,
               general(c.sample_rate / 1000, 4), general(c.before_trigger * 1000, 4),
               general(c.after_trigger * 1000, 4),
               needed))

    def use(self) -> None:
        self.fields.put(self.calc.fields["cycles"], cycles_for(self.wanted.value() / 1000.0, self.frequency()))


KINDS: dict[str, type[CalculatorBox]] = {
    "pulse_weight": PulseWeight, "burst_depth": BurstDepth, "waveform_length": WaveformLength,
}


def calculator_box(calc: Calculator, fields: Fields) -> CalculatorBox:
    """The widget for one of a profile's calculators."""
    return KINDS[calc.kind](calc, fields)
