"""Cross-field rules: how profiles declare them, how they are checked, and the shipped ones."""

from __future__ import annotations

import textwrap

import pytest

from app.config.rules import check, check_rules, raise_errors
from app.errors import ProfileError, ValidationError
from app.profiles import load_profile, profile_by_id

BASE = '''
[profile]
id = "toy"
version = 1
vendor = "Toy"
model = "Toy meter"

[links]
tcp_port = 502

[identity]
vendor = "Toy"
model = "Toy"

[defaults]
function = 3
access = "RW"

[[groups]]
id = "setup"
label = "Set-up"
kind = "setting"

[[registers]]
name = "primary"
reg = 1
address = 0
type = "uint16"
group = "setup"
source = "test"

[[registers]]
name = "secondary"
reg = 2
address = 1
type = "uint16"
group = "setup"
device_specific = true
link = ["tcp"]
caution = "test caution"
source = "test"

[[registers]]
name = "mode"
reg = 3
address = 2
type = "uint16"
enum = { 0 = "Off", 1 = "On" }
group = "setup"
source = "test"

[[registers]]
name = "flags"
reg = 4
address = 3
type = "uint16"
bits = { 0 = "A", 3 = "D" }
group = "setup"
source = "test"
'''


def toy(tmp_path, extra: str = ""):
    path = tmp_path / "toy.toml"
    path.write_text(BASE + textwrap.dedent(extra))
    return load_profile(path)


def test_register_flags_are_loaded(tmp_path):
    reg = toy(tmp_path).register("secondary")
    assert (reg.device_specific, reg.link, reg.caution) == (True, ("tcp",), "test caution")


def test_each_rule_kind(tmp_path):
    profile = toy(tmp_path, '''
        [[rules]]
        kind = "not_greater"
        registers = ["secondary"]
        limit = "primary"
        message = "secondary above primary"
        source = "L1"

        [[rules]]
        kind = "range"
        registers = ["primary", "secondary"]
        min = 10
        max = 100
        values = [0]
        when = { register = "mode", equals = [1] }
        message = "sum out of range"
        source = "L2"

        [[rules]]
        kind = "multiple"
        registers = ["primary"]
        of = ["secondary"]
        plus = 1
        when = { register = "flags", bit = 3 }
        message = "not a multiple"
        source = "L3"

        [[rules]]
        kind = "distinct"
        registers = ["primary", "secondary"]
        when = { register = "flags", bit = 0, set = false }
        severity = "warning"
        message = "equal values"
        source = "L4"

        [[rules]]
        kind = "installed"
        registers = ["mode"]
        message = "not as installed"
        source = "L5"
    ''')
    messages = lambda values, installation=None: [p.message.split(" (")[0]
                                                  for p in check_rules(profile, values, installation)]
    assert messages({"primary": 10, "secondary": 20}) == ["secondary above primary"]
    assert messages({"primary": 60, "secondary": 50, "mode": 1}) == ["sum out of range"]
    assert messages({"primary": 60, "secondary": 50, "mode": 0}) == []
    assert messages({"primary": 0, "secondary": 0, "mode": 1, "flags": 1}) == []
    assert messages({"primary": 9, "secondary": 2, "flags": 8}) == []
    assert messages({"primary": 10, "secondary": 2, "flags": 8}) == ["not a multiple"]
    assert messages({"primary": 5, "secondary": 5, "flags": 0}) == ["equal values"]
    assert messages({"mode": 0}, {"mode": 1}) == ["not as installed"]
    assert messages({"mode": 1}, {"mode": 1}) == []
    assert messages({"secondary": 500}) == []  # a rule with a value missing is not judged
    problem = check_rules(profile, {"primary": 5, "secondary": 5, "flags": 0})[0]
    assert not problem.is_error and str(problem).endswith("(L4)")
    assert "Primary = 5, Secondary = 5, Flags = none" in problem.message


@pytest.mark.parametrize("rule, message", [
    ('kind = "bigger"\nregisters = ["primary"]', "field 'kind': 'bigger' is not one of"),
    ('kind = "range"\nregisters = ["nope"]\nmin = 1', "field 'registers': no register named 'nope'"),
    ('kind = "range"\nregisters = ["primary"]', "a 'range' rule needs 'min', 'max' or 'values'"),
    ('kind = "not_greater"\nregisters = ["primary"]', "a 'not_greater' rule needs 'limit'"),
    ('kind = "distinct"\nregisters = ["primary"]', "needs two or more 'registers'"),
    ('kind = "range"\nregisters = ["primary"]\nmin = 1\nwhen = { register = "mode" }', "give either 'equals'"),
    ('kind = "range"\nregisters = ["primary"]\nmin = 1\nseverity = "fatal"', "'fatal' is not 'error' or 'warning'"),
    ('kind = "range"\nregisters = ["primary"]\nmin = 1\ncolour = 3', "unknown field 'colour'"),
])
def test_bad_rules_name_the_entry(tmp_path, rule, message):
    extra = f'[[rules]]\n{rule}\nmessage = "m"\nsource = "s"\n'
    with pytest.raises(ProfileError, match=r"toy\.toml: rules\[0\]"):
        toy(tmp_path, extra)
    with pytest.raises(ProfileError) as caught:
        toy(tmp_path, extra)
    assert message in str(caught.value)


def test_bad_calculators_and_flags_name_the_entry(tmp_path):
    with pytest.raises(ProfileError, match="a pulse_weight calculator needs 'kt'"):
        toy(tmp_path, '[[calculators]]\nkind = "pulse_weight"\ngroup = "setup"\nfields = { mode = "mode" }\nsource = "s"\n')
    with pytest.raises(ProfileError, match="field 'link': 'wifi' is not one of tcp, serial"):
        path = tmp_path / "toy.toml"
        path.write_text(BASE.replace('link = ["tcp"]', 'link = ["wifi"]'))
        load_profile(path)


def test_ion7400_rules_from_the_manual():
    ion = profile_by_id("ion7400")
    good = {"pt_primary": 20000, "pt_secondary": 120, "com1_protocol": 1, "com1_unit_id": 100}
    assert check(ion, good) == []
    problems = check(ion, {**good, "com1_unit_id": 300, "modbus_gateway": 1})
    assert {p.names[0] for p in problems} == {"com1_unit_id", "com1_protocol"}
    ports = {"ion_port": 7700, "secure_ion_port": 7443, "modbus_tcp_port": 502, "modbus_rtu_eth_port": 502,
             "dnp_port": 20000, "https_port": 443}
    assert [p.message.split(" (")[0] for p in check(ion, ports)] == ["two TCP protocols cannot use the same port"]
    sync = {"ntp_mode": 1, "time_sync_source": 2, "time_sync_type": 1}
    found = {(p.names[0], p.severity) for p in check(ion, sync)}
    assert found == {("time_sync_source", "error"), ("time_sync_type", "warning")}
    burst = {"burst_enabled": 1, "burst_pre_records": 10, "burst_post_records": 5, "burst_depth": 1000,
             "burst_buffer_depth": 32}
    assert [p.names[0] for p in check(ion, burst)] == ["burst_depth"]  # 1000 is not a multiple of 16
    assert check(ion, {**burst, "burst_depth": 1008}) == []
    assert [p.names[0] for p in check(ion, {"waveform_cycles": 7, "waveform_delay_cycles": 8})] == [
        "waveform_delay_cycles"]


def test_bcpme_demand_rules_follow_the_timing_source():
    bcpme = profile_by_id("bcpme")
    assert check(bcpme, {"advanced_options": 0, "subinterval_length": 0}) == []
    assert check(bcpme, {"advanced_options": 8, "subinterval_length": 3600}) == []
    assert [p.message.split(" (")[0] for p in check(bcpme, {"advanced_options": 8, "subinterval_length": 5000})] == [
        "with RTC demand timing the sub-interval length must be 10-3600 s"]
    assert len(check(bcpme, {"advanced_options": 1, "subinterval_length": 5})) == 1


def test_bcpme_layout_must_match_the_installed_strips():
    bcpme = profile_by_id("bcpme")
    problems = check(bcpme, {"strip_layout": 0}, {"strip_layout": 1})
    assert len(problems) == 1 and "installed as Bottom feed" in problems[0].message


def test_raise_errors_lists_every_error_and_lets_warnings_pass():
    ion = profile_by_id("ion7400")
    raise_errors(check(ion, {"ntp_mode": 1, "time_sync_source": 1, "time_sync_type": 1}), "feeder")
    with pytest.raises(ValidationError) as caught:
        raise_errors(check(ion, {"pt_primary": 0, "ct_primary": 5, "ct_secondary": 10}), "feeder")
    text = str(caught.value)
    assert text.startswith("feeder: 2 setting(s) cannot be written") and "pt_primary" in text and "CT secondary" in text
