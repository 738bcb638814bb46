"""BCPME numbering, phases, logical circuits and settings rules (pure logic)."""

import pytest

from app.devices.bcpme_circuits import (
    Alarm,
    Circuit,
    CurrentLimits,
    Layout,
    Severity,
    channel_at,
    check_group,
    circuit_number,
    ct_of,
    default_phase,
    logical_circuits,
)
from app.devices.bcpme_settings import AlarmSetup, Options, PanelSettings, changes, check_demand
from app.errors import ValidationError


@pytest.mark.parametrize("layout", list(Layout))
def test_channel_to_ct_mapping_is_a_bijection(layout):
    cts = [ct_of(layout, ch) for ch in range(1, 43)]
    assert sorted(cts) == [(s, k) for s in "AB" for k in range(1, 22)]
    assert all(channel_at(layout, *ct) == ch for ch, ct in enumerate(cts, 1))


@pytest.mark.parametrize(
    ("layout", "a1", "b1", "a21", "b21"),
    [
        (Layout.TOP_FEED, 1, 2, 41, 42),
        (Layout.BOTTOM_FEED, 42, 41, 2, 1),
        (Layout.SEQUENTIAL, 21, 22, 1, 42),
        (Layout.ODD_EVEN, 41, 2, 1, 42),
    ],
)
def test_strip_ends_follow_the_user_guide_table(layout, a1, b1, a21, b21):
    """V1's table of the user guide's strip figure (register-maps.md §2 V1)."""
    assert [channel_at(layout, "A", 1), channel_at(layout, "B", 1)] == [a1, b1]
    assert [channel_at(layout, "A", 21), channel_at(layout, "B", 21)] == [a21, b21]


def test_sequential_phases_cycle_a_b_c_as_the_manual_appendix():
    """Manual L1393-L1396: CT 1 = A, 2 = B, 3 = C, 4 = A, ..., 35 = B."""
    phases = ["ABC"[default_phase(Layout.SEQUENTIAL, n)] for n in range(1, 36)]
    assert phases[:4] == ["A", "B", "C", "A"] and phases[34] == "B"


@pytest.mark.parametrize("layout", [Layout.TOP_FEED, Layout.BOTTOM_FEED, Layout.ODD_EVEN])
def test_two_column_phases_pair_facing_circuits(layout):
    assert ["ABC"[default_phase(layout, n)] for n in range(1, 9)] == list("AABBCCAA")


def test_adjacent_channels_of_a_multi_pole_breaker_take_three_phases():
    for layout in Layout:
        first = 7
        group = check_group(layout, [first + k * layout.step for k in range(3)])
        assert {default_phase(layout, ch) for ch in group} == {0, 1, 2}


@pytest.mark.parametrize(
    ("layout", "channels", "ok"),
    [
        (Layout.TOP_FEED, [5, 1, 3], True),
        (Layout.TOP_FEED, [1, 2], False),
        (Layout.SEQUENTIAL, [21, 22], True),
        (Layout.SEQUENTIAL, [1, 3], False),
        (Layout.BOTTOM_FEED, [40, 42], True),
        (Layout.TOP_FEED, [1, 3, 5, 7], False),
        (Layout.TOP_FEED, [], False),
        (Layout.TOP_FEED, [3, 3], False),
    ],
)
def test_logical_circuit_channels_must_be_adjacent(layout, channels, ok):
    if ok:
        assert check_group(layout, channels) == tuple(sorted(channels))
    else:
        with pytest.raises(ValidationError):
            check_group(layout, channels)


def _circuit(panel, channel, current, power, apparent, layout=Layout.TOP_FEED, **kw):
    return Circuit(panel, channel, layout, default_phase(layout, channel), current=current, power=power,
                   apparent=apparent, energy=10.0, current_demand=current, power_demand=power, **kw)


def test_logical_circuits_average_currents_and_total_powers():
    circuits = [_circuit(1, ch, float(ch), ch / 10, ch / 8) for ch in range(1, 43)]
    circuits += [_circuit(2, ch, 1.0, 0.1, 0.1) for ch in range(1, 43)]
    groups = logical_circuits(circuits, [[5, 1, 3], [44, 46]])
    assert len(groups) == 84 - 3
    three = groups[0]
    assert three.numbers == (1, 3, 5) and three.phases == "ABC" and three.label == "1-3-5"
    assert three.current == pytest.approx(3.0)
    assert three.power == pytest.approx(0.9) and three.apparent == pytest.approx(1.125)
    assert three.pf == pytest.approx(0.8) and three.energy == pytest.approx(30.0)
    assert next(g for g in groups if g.number == 44).numbers == (44, 46)
    assert next(g for g in groups if g.number == 2).numbers == (2,)


@pytest.mark.parametrize("groups", [[[42, 43]], [[1, 3], [3, 5]], [[1, 99]], [[1, 2]]])
def test_logical_circuits_reject_bad_groups(groups):
    circuits = [_circuit(p, ch, 1.0, 0.1, 0.1) for p in (1, 2) for ch in range(1, 43)]
    with pytest.raises(ValidationError):
        logical_circuits(circuits, groups)


def test_circuit_numbers_and_strip_labels():
    c = _circuit(2, 1, 1.0, 0.1, 0.1, layout=Layout.BOTTOM_FEED)
    assert c.number == 43 and c.strip == "2B" and c.ct == 21
    assert circuit_number(1, 42) == 42
    with pytest.raises(ValueError):
        circuit_number(3, 1)


def test_severity_from_limits_and_event_bits():
    limits = AlarmSetup(hh=80, h=60, l=10, ll=5, high=0, low=0).limits(20.0)
    assert limits == CurrentLimits(hh=16.0, h=12.0, l=2.0, ll=1.0)
    assert limits.severity(10.0) is Severity.OK
    assert limits.severity(13.0) is Severity.WARNING
    assert limits.severity(17.0) is Severity.ALARM
    assert limits.severity(0.5) is Severity.ALARM
    assert limits.severity(0.0) is Severity.OK  # off, not low
    assert AlarmSetup().limits(None) == CurrentLimits(hh=None)
    base = _circuit(1, 1, 1.0, 0.1, 0.1, limits=limits)
    assert base.severity is Severity.WARNING  # 1 A is below the 2 A low threshold
    assert _circuit(1, 1, 10.0, 1, 1, limits=limits, alarms=Alarm.H).severity is Severity.WARNING
    assert _circuit(1, 1, 10.0, 1, 1, limits=limits, alarms=Alarm.OFF).severity is Severity.ALARM


@pytest.mark.parametrize(
    ("length", "options", "ok"),
    [(900, Options.NONE, True), (0, Options.NONE, True), (9, Options.NONE, False), (32767, Options.NONE, True),
     (3600, Options.RTC_DEMAND, True), (3601, Options.RTC_DEMAND, False), (0, Options.RTC_DEMAND, False)],
)
def test_demand_length_depends_on_the_timing_source(length, options, ok):
    if ok:
        check_demand(length, options)
    else:
        with pytest.raises(ValidationError, match="manual L39"):
            check_demand(length, options)


def _settings(**kw):
    values = {"strip_layout": 0, "advanced_options": 0, "demand_subintervals": 1, "subinterval_length": 7200,
              **{f"breaker_size_{n}": 20 for n in range(1, 43)}, **{f"phase_assignment_{n}": 0 for n in range(1, 43)}}
    return PanelSettings.from_values(1, {**values, **kw})


def test_panel_settings_round_trip_and_phase_choice():
    s = _settings(strip_layout=2, phase_assignment_4=2)
    assert PanelSettings.from_values(1, s.values()) == s
    assert s.phase(4) == 0  # automatic: sequential channel 4 is A
    user = _settings(strip_layout=2, advanced_options=int(Options.USER_PHASES), phase_assignment_4=2)
    assert user.phase(4) == 2


def test_changes_orders_demand_writes_so_each_step_is_valid():
    old = _settings()
    new = _settings(subinterval_length=900, advanced_options=int(Options.RTC_DEMAND), breaker_size_3=30)
    diff = changes(old, new)
    assert list(diff)[:2] == ["subinterval_length", "advanced_options"] and diff["breaker_size_3"] == 30
    back = changes(new, old)
    assert list(back)[:2] == ["advanced_options", "subinterval_length"]
