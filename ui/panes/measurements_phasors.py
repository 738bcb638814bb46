"""The Measurements pane's phasor tab: diagram, table, symmetrical components and wiring diagnosis."""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.analysis.wiring import (
    LOAD_TYPES,
    Diagnosis,
    PhasorSet,
    diagnose,
    load_type_label,
)
from ui.language import fixed, number
from ui.widgets.phasor_diagram import PhasorView

_CONFIDENCE_COLOURS = {"high": "#2e7d32", "medium": "#ef8f00", "low": "#c62828"}
_CONFIDENCE_WORDS = {"high": QT_TRANSLATE_NOOP("PhasorTab", "high"), "medium": QT_TRANSLATE_NOOP("PhasorTab", "medium"),
                     "low": QT_TRANSLATE_NOOP("PhasorTab", "low")}  # fmt: skip
_KINDS = {
"voltage": QT_TRANSLATE_NOOP("PhasorTab", "Voltage"), "current": QT_TRANSLATE_NOOP("PhasorTab", "Current")}
_SEQUENCES = {"positive": QT_TRANSLATE_NOOP("PhasorTab", "positive"),
              "negative": QT_TRANSLATE_NOOP("PhasorTab", "negative"),
              "zero": QT_TRANSLATE_NOOP("PhasorTab", "zero")}  # fmt: skip


class PhasorTab(QWidget):
    """Show a :class:`PhasorSet` and what it says about the wiring, for the chosen load type."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = PhasorView()
        self.load_combo = QComboBox()
        for key in LOAD_TYPES:
            label = load_type_label(key)
            self.load_combo.addItem(label[0].upper() + label[1:], key)
        self.load_combo.setToolTip(self.tr("What the meter feeds: the power factor is judged against it"))
        self.load_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.load_combo.setMinimumContentsLength(24)  # long load types elide instead of widening the pane
        self.load_combo.currentIndexChanged.connect(self._rediagnose)
        self.verdict = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.components = QLabel(wordWrap=True, alignment=Qt.AlignmentFlag.AlignTop)
        self.components.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        diagnosis_box = QGroupBox(self.tr("Wiring diagnosis"))
        form = QFormLayout()
        form.addRow(self.tr("Load type"), self.load_combo)
        box = QVBoxLayout(diagnosis_box)
        box.addLayout(form)
        box.addWidget(self.verdict)
        box.addWidget(self.details, 1)
        sequence_box = QGroupBox(self.tr("Symmetrical components"))
        QVBoxLayout(sequence_box).addWidget(self.components)
        below = QHBoxLayout()
        below.addWidget(diagnosis_box, 3)
        below.addWidget(sequence_box, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 3)
        layout.addLayout(below, 2)

        self.phasors: PhasorSet | None = None
        self.diagnosis: Diagnosis | None = None
        self.clear(self.tr("No phasors read yet."))

    @property
    def load(self) -> str:
        return self.load_combo.currentData()

    def set_load(self, load: str) -> None:
        self.load_combo.setCurrentIndex(self.load_combo.findData(load))

    def show_phasors(self, phasors: PhasorSet, stale: str = "") -> None:
        """Draw ``phasors`` and diagnose them; ``stale`` (a reason) says they are old."""
        self.phasors = phasors

        def pairs(items):
            return [(p.label, p.magnitude, p.angle) for p in items if p.known]

        self.view.set_phasors(pairs(phasors.voltages), pairs(phasors.currents), voltage_unit=phasors.voltage_unit,
                              current_unit=phasors.current_unit, delta=phasors.system == "delta")
        self._rediagnose(stale=stale)

    def clear(self, message: str) -> None:
        self.phasors = self.diagnosis = None
        self.view.clear()
        self.verdict.setText(html.escape(message))
        self.details.clear()
        self.components.clear()

    def _rediagnose(self, *_: object, stale: str = "") -> None:
        if self.phasors is None:
            return
        d = self.diagnosis = diagnose(self.phasors, self.load)
        colour = "#c62828" if not d.ok else "#2e7d32"
        head = html.escape(d.verdict())
        level = self.tr("Confidence: %s") % self.tr(_CONFIDENCE_WORDS[d.confidence])
        confidence = (f"<span style='color:{_CONFIDENCE_COLOURS[d.confidence]}'>{html.escape(level)}</span> "
                      f"({html.escape(d.confidence_reason)})")
        old = f"<br><i>{html.escape(self.tr('Stale: %s') % stale)}</i>" if stale else ""
        self.verdict.setText(f"<b style='color:{colour}'>{head}</b><br>{confidence}{old}")
        items = "".join(
            f"<li><b>{html.escape(f.message[0].upper() + f.message[1:])}</b><br>"
            f"{html.escape(self.tr('Evidence: %s') % f.evidence)}<br>"
            f"{html.escape(self.tr('Check on site: %s') % f.check)}</li>"
            for f in d.findings
        )
        pf = d.power_factor
        facts = []
        if d.voltage_sequence:
            facts.append(self.tr("Voltages turn {found} (meter expects {expected}).").format(
                found=d.voltage_sequence, expected=self.phasors.expected_sequence))
        if pf is not None:
            kind = self.tr("lagging") if (d.displacement or 0) > 0 else self.tr("leading")
            facts.append(self.tr("Displacement power factor {pf} {kind}.").format(pf=fixed(abs(pf), 3), kind=kind))
        self.details.setHtml((f"<ul>{items}</ul>" if items else "") + "<p>" + " ".join(map(html.escape, facts)))
        self.components.setText(self._components_text(d))

    def _components_text(self, d: Diagnosis) -> str:
        lines = []
        for kind, unbalance, unit in (("voltage", d.voltage_unbalance, self.phasors.voltage_unit),
                                      ("current", d.current_unbalance, self.phasors.current_unit)):
            parts = d.sequences.get(kind)
            if not parts:
                lines.append(self.tr("{kind}: not all phases known").format(kind=self.tr(_KINDS[kind])))
                continue
            text = ", ".join(f"{self.tr(_SEQUENCES[name])} {number(parts[name][0], unit)}" for name in _SEQUENCES)
            ratio = self.tr("unbalance {value} %").format(value=fixed(unbalance, 2)) if unbalance is not None else \
                self.tr("unbalance undefined (no positive sequence)")
            lines.append(self.tr("{kind}: {components}; {unbalance}").format(
                kind=self.tr(_KINDS[kind]), components=text, unbalance=ratio))
        return "\n".join(lines)
