"""Phasor diagram geometry: Va to the right, counter-clockwise angles, separate V and I scales."""

import math

import pytest

from ui.widgets.phasor_diagram import CURRENT_RADIUS, VOLTAGE_RADIUS, PhasorDiagram


@pytest.fixture
def diagram(qtbot):
    widget = PhasorDiagram()
    qtbot.addWidget(widget)
    widget.set_phasors(
        [("Va", 230.0, 0.0), ("Vb", 115.0, -120.0), ("Vc", 230.0, 120.0)],
        [("Ia", 100.0, -30.0), ("Ib", 50.0, 90.0)],
    )
    return widget


def _shaft_end(widget, label):
    """Where the drawn shaft of ``label`` ends, read from the plot items."""
    index = [a.label for a in widget.arrows].index(label)
    sample, _ = widget.legend.items[index]
    xs, ys = sample.item.getData()
    return xs[-1], ys[-1]


def test_reference_on_the_positive_horizontal_axis(diagram):
    va = diagram.arrows[0]
    assert va.tip == pytest.approx((VOLTAGE_RADIUS, 0.0))
    assert _shaft_end(diagram, "Va") == pytest.approx((VOLTAGE_RADIUS, 0.0))


def test_positive_angles_turn_counter_clockwise(diagram):
    vc = next(a for a in diagram.arrows if a.label == "Vc")
    assert vc.tip[0] < 0 and vc.tip[1] > 0  # +120° is up and to the left
    vb_end = _shaft_end(diagram, "Vb")
    assert vb_end == pytest.approx((0.5 * math.cos(math.radians(-120)), 0.5 * math.sin(math.radians(-120))))


def test_voltages_and_currents_have_separate_scales(diagram):
    assert diagram.voltage_scale == 230.0 and diagram.current_scale == 100.0
    ia = next(a for a in diagram.arrows if a.label == "Ia")
    ib = next(a for a in diagram.arrows if a.label == "Ib")
    assert math.hypot(*ia.tip) == pytest.approx(CURRENT_RADIUS)
    assert ib.tip == pytest.approx((0.0, 0.5 * CURRENT_RADIUS), abs=1e-12)
    assert ia.kind == "current" and diagram.arrows[0].kind == "voltage"


def test_the_legend_gives_values_and_scales(diagram):
    labels = [label.text for _, label in diagram.legend.items]
    assert labels[0] == "Va  230 V  ∠ 0.0°"
    assert labels[3] == "Ia  100 A  ∠ -30.0°"
    assert labels[-2:] == ["Outer circle: 230 V", "Dashed circle: 100 A"]


def test_new_phasors_replace_the_old_and_bad_values_are_skipped(diagram):
    diagram.set_phasors([("V1", 11000.0, 0.0), ("V2", float("nan"), 10.0)], [], voltage_unit="V")
    assert [a.label for a in diagram.arrows] == ["V1"]
    assert [label.text for _, label in diagram.legend.items] == ["V1  11 kV  ∠ 0.0°", "Outer circle: 11 kV"]
    diagram.clear_phasors()
    assert diagram.arrows == [] and diagram.legend.items == []
