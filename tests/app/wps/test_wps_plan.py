"""WPS panel plan limits, checked at each boundary."""

import pytest

from app.errors import MeterDeskError
from app.wps.plan import (
    RULES,
    DeviceType,
    PanelPlan,
    PlanError,
    PlannedDevice,
    Severity,
    check,
)

HEAT = DeviceType.HEATTAG
POWER = DeviceType.POWERTAG_ENERGY
NSX = DeviceType.NSX_AUXILIARY
ACTI9 = DeviceType.ACTI9_ACTIVE


def _plan(*rows: tuple[DeviceType, int], **kwargs) -> PanelPlan:
    return PanelPlan(
        wps_column=2,
        devices=tuple(PlannedDevice(t, column=2, quantity=q) for t, q in rows),
        **kwargs,
    )


def _rules(plan: PanelPlan) -> list[str]:
    return [v.rule for v in check(plan)]


def test_empty_plan_is_within_limits():
    assert check(PanelPlan()) == []


@pytest.mark.parametrize(("count", "rules"), [(3, []), (4, ["heattag.max"])])
def test_heattag_limit(count, rules):
    assert _rules(_plan((HEAT, count))) == rules


@pytest.mark.parametrize(
    ("count", "rules"), [(15, []), (16, ["powertag.max", "devices.total"])]
)
def test_powertag_limit_without_heattag(count, rules):
    assert _rules(_plan((POWER, count))) == rules


@pytest.mark.parametrize(
    ("count", "rules"), [(10, []), (11, ["powertag.max_with_heattag"])]
)
def test_powertag_limit_drops_to_10_once_a_heattag_is_paired(count, rules):
    assert _rules(_plan((POWER, count), (HEAT, 1))) == rules


def test_powertag_limit_with_three_heattags_is_still_10():
    assert _rules(_plan((POWER, 10), (HEAT, 3))) == []
    assert _rules(_plan((POWER, 11), (HEAT, 3))) == ["powertag.max_with_heattag"]


@pytest.mark.parametrize(
    ("device_type", "rule"), [(NSX, "nsx_auxiliary.max"), (ACTI9, "acti9_active.max")]
)
def test_nsx_auxiliary_and_acti9_active_limits(device_type, rule):
    assert _rules(_plan((device_type, 15))) == []
    assert _rules(_plan((device_type, 16))) == [rule, "devices.total"]


def test_quantities_of_one_type_add_up_across_rows():
    plan = _plan((HEAT, 2), (HEAT, 2))
    assert plan.count(HEAT) == 4
    assert _rules(plan) == ["heattag.max"]


@pytest.mark.parametrize(("count", "rules"), [(15, []), (16, ["devices.total"])])
def test_total_of_15_is_flagged_as_ambiguous_warning(count, rules):
    plan = _plan((POWER, 5), (NSX, 5), (ACTI9, count - 10))
    violations = check(plan)
    assert [v.rule for v in violations] == rules
    if violations:
        (total,) = violations
        assert total.severity is Severity.WARNING
        assert "16 wireless devices are planned in total" in total.message
        assert "L1411" in total.ambiguous and "L848-854" in total.ambiguous


def test_devices_within_three_columns_on_either_side_of_the_wps():
    inside = [PlannedDevice(POWER, column=c) for c in (2, 8)]
    outside = [PlannedDevice(POWER, column=c) for c in (1, 9)]
    assert check(PanelPlan(wps_column=5, devices=tuple(inside))) == []
    violations = check(PanelPlan(wps_column=5, devices=tuple(outside)))
    assert [(v.rule, v.device) for v in violations] == [
        ("column.distance", outside[0]),
        ("column.distance", outside[1]),
    ]


def test_column_message_names_the_row_and_the_distance():
    row = PlannedDevice(ACTI9, column=9, quantity=2, label="Feeder 7")
    (violation,) = check(PanelPlan(wps_column=5, devices=(row,)))
    assert violation.severity is Severity.WARNING
    assert violation.message.startswith(
        "'Feeder 7' (2 × Acti9 Active devices) in column 9 is 4 columns from the "
        "Wireless Panel Server in column 5"
    )
    assert violation.source == "wps.md §4.3 / L862"
    (unlabelled,) = check(PanelPlan(wps_column=5, devices=(PlannedDevice(ACTI9, 1, 2),)))
    assert unlabelled.message.startswith(
        "2 × Acti9 Active devices in column 1 are 4 columns from"
    )
    assert "how columns are counted" in violation.ambiguous


@pytest.mark.parametrize(
    ("channel", "rules"),
    [(None, []), (10, ["channel.range"]), (11, []), (26, []), (27, ["channel.range"])],
)
def test_ieee_802_15_4_channel_range(channel, rules):
    assert _rules(_plan(channel=channel)) == rules


@pytest.mark.parametrize(
    ("firmware", "rules"),
    [
        ("001.000.000", []),
        ("002.013.104", []),
        ("000.999.999", ["firmware.minimum"]),
        ("1.0.0", ["firmware.format"]),
        ("001.000.000 ", ["firmware.format"]),
    ],
)
def test_firmware_version(firmware, rules):
    assert _rules(_plan(firmware=firmware)) == rules


def test_messages_are_plain_words_with_sources():
    violations = check(_plan((HEAT, 4), (POWER, 12)))
    assert [(v.rule, v.severity, v.source) for v in violations] == [
        ("heattag.max", Severity.ERROR, "wps.md §4.3 / L241, L850"),
        ("powertag.max_with_heattag", Severity.ERROR, "wps.md §4.3 / L243, L852"),
        ("devices.total", Severity.WARNING, RULES["devices.total"].source),
    ]
    assert violations[0].message == (
        "4 HeatTag sensors are planned; a Wireless Panel Server supports at most 3."
    )
    assert violations[1].message == (
        "12 PowerTag Energy sensors are planned together with 4 HeatTag sensors; once a "
        "HeatTag sensor is paired, at most 10 PowerTag Energy sensors are supported "
        "(15 without HeatTag)."
    )
    assert violations[0].ambiguous is None


def test_every_rule_cites_the_guide():
    for rule in RULES.values():
        assert rule.source.startswith("wps.md §") and "L" in rule.source
        assert rule.summary.endswith(".")


@pytest.mark.parametrize(
    "make",
    [
        lambda: PlannedDevice(HEAT, column=1, quantity=0),
        lambda: PlannedDevice(HEAT, column=0),
        lambda: PanelPlan(wps_column=0),
    ],
)
def test_impossible_rows_are_refused_with_a_user_error(make):
    with pytest.raises(MeterDeskError):
        make()


def test_round_trip_through_dict():
    plan = PanelPlan(
        wps_column=3,
        devices=(PlannedDevice(HEAT, 1, 2, "roof"), PlannedDevice(POWER, 4)),
        name="TGBT-1",
        channel=15,
        firmware="001.002.003",
    )
    assert PanelPlan.from_dict(plan.to_dict()) == plan


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"devices": []}, "plan: 'wps_column' is missing"),
        ({"wps_column": "2", "devices": []}, "'wps_column' must be a whole number"),
        ({"wps_column": True, "devices": []}, "'wps_column' must be a whole number"),
        ({"wps_column": 1, "devices": {}}, "'devices' must be a list"),
        ({"wps_column": 1, "devices": [3]}, "device 1: expected a table"),
        (
            {"wps_column": 1, "devices": [{"type": "wifi", "column": 1, "quantity": 1}]},
            "device 1: unknown device type 'wifi' (known: heattag, powertag_energy",
        ),
        (
            {"wps_column": 1, "devices": [{"type": "heattag", "column": 1}]},
            "device 1: 'quantity' is missing",
        ),
    ],
)
def test_from_dict_explains_what_is_wrong(data, message):
    with pytest.raises(PlanError) as caught:
        PanelPlan.from_dict(data)
    assert message in str(caught.value)
