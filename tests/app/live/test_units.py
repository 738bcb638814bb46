"""Unit auto-scaling and display text."""

import pytest

from app.live.units import auto_scale, format_number, format_value, split_unit
from app.profiles import profile_by_id


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (230.04, "V", "230.04 V"),
        (11_500.0, "V", "11.5 kV"),
        (0.5, "A", "0.5 A"),
        (1_250_000.0, "W", "1.25 MW"),
        (-42_000.0, "var", "-42 kvar"),
        (1_205_341.0, "Wh", "1.20534 MWh"),
        (1_205.341, "kWh", "1.20534 MWh"),
        (12.5, "kW", "12.5 kW"),
        (0.0, "W", "0 W"),
        (49.98, "Hz", "49.98 Hz"),
        (0.906, "", "0.906"),
    ],
)
def test_values_take_the_prefix_that_reads_best(value, unit, expected):
    assert format_number(value, unit) == expected


def test_prefixed_units_split_into_factor_and_base():
    assert split_unit("kW") == (1000.0, "W")
    assert split_unit("MVAh") == (1e6, "VAh")
    assert split_unit("Hz") == (1.0, "Hz")
    assert split_unit("kg") == (1.0, "kg")  # not an electrical unit: left alone
    assert auto_scale(2500.0, "kg") == (2500.0, "kg")


def test_sentinels_and_enums_read_as_people_expect():
    profile = profile_by_id("ion7400")
    assert format_value(profile.register("voltage_an"), None) == "n/a"
    assert format_value(profile.register("volts_mode"), 1) == "DELTA"
    assert format_value(profile.register("active_power_total"), 62_500.0) == "62.5 kW"
