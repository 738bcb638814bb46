"""Read, edit, diff, write and read back against the simulators, with refused values, refusals and dropped links."""

from __future__ import annotations

import pytest

from app.config import (
    ChangeLog,
    ConfigurationError,
    apply_write,
    diff,
    load,
    prepare_write,
    read_configuration,
    save,
    write_configuration,
)
from app.config.device_io import NOT_SENT, REFUSED, UNVERIFIED, VERIFIED, order_changes
from app.config.diff import diff_values
from app.errors import ValidationError

EDITS = {
    "ion": {"volts_mode": 1, "ct_primary": 400, "com1_baud": 9600, "time_sync_source": 1, "ntp_mode": 1,
            "ntp_server": "pool.ntp.org", "waveform_cycles": 16, "pulse_kt": 0.111, "ipv4_address": 3232235786},
    "bcpme panel 1": {"demand_subintervals": 3, "breaker_size_5": 30, "hh_threshold": 80, "protocol_mode": 2,
                      "advanced_options": 8, "subinterval_length": 600},
    "Iskra SG-W1": {"location": "Plant room", "push1_port": 8883, "ntp_sync": 0, "rs485_dev2_address": 5},
    "IE38MD (left IR)": {"location": "Boiler room", "counter_1_quadrants": 9},
    "WM3M4C (RS-485 device 1)": {"description": "Pump 2", "counter_nr_2_quadrants": 12},
}


@pytest.mark.parametrize("bench, device_name", [
    ("ion", "ion"), ("bcpme", "bcpme panel 1"), ("sg", "Iskra SG-W1"), ("sg", "IE38MD (left IR)"),
    ("sg", "WM3M4C (RS-485 device 1)"),
], indirect=["bench"])
async def test_read_edit_diff_write_read_back_gives_the_same_configuration(bench, tmp_path, device_name):
    device = bench.device(device_name)
    original = await read_configuration(device)
    assert original.values and not original.missing

    edited = original.updated(EDITS[device_name])
    path = save(edited, tmp_path / "edited.toml")
    from_file = load(path)
    changes = diff(original, from_file)
    assert {c.name for c in changes} == set(EDITS[device_name])

    log = ChangeLog(tmp_path / "data")
    report = await write_configuration(device, from_file, log=log, where="test bench")
    assert report.ok, report.summary()
    assert [r.name for r in report.results if r.status == VERIFIED] == [c.name for c in report.results]
    assert {r.name for r in report.results} == set(EDITS[device_name])

    back = await read_configuration(device)
    assert diff(back, from_file) == []
    assert back.values == from_file.values
    assert {e.setting for e in log.entries()} == set(EDITS[device_name])

    again = await write_configuration(device, from_file)
    assert again.results == [] and again.ok


async def test_out_of_range_value_is_refused_before_any_frame(ion_bench):
    device = ion_bench.device("ion")
    sim = ion_bench.sim("ion")
    before = dict(sim.settings)
    target = (await read_configuration(device)).updated({"ct_primary": 5})
    target.values["pt_primary"] = 0  # as a hand-edited file might carry it
    requests = device.link.stats.requests
    with pytest.raises(ValidationError) as caught:
        await write_configuration(device, target)
    assert "pt_primary (reg 56003): 0" in str(caught.value) and "1..999999" in str(caught.value)
    assert device.link.stats.requests == requests
    assert sim.settings == before


async def test_broken_rule_is_refused_before_any_frame(ion_bench):
    device = ion_bench.device("ion")
    target = (await read_configuration(device)).updated({"pt_secondary": 400, "pt_primary": 230})
    requests = device.link.stats.requests
    with pytest.raises(ValidationError, match="PT secondary must not exceed PT primary"):
        await prepare_write(device, target)
    assert device.link.stats.requests == requests


async def test_rule_with_a_value_only_the_device_holds_is_checked_before_writing(ion_bench):
    device = ion_bench.device("ion")
    sim = ion_bench.sim("ion")
    partial = diff_values(device.profile, {}, {"pt_secondary": 300})  # the device's primary is 230
    with pytest.raises(ValidationError, match="PT secondary must not exceed PT primary"):
        await write_configuration(device, partial)
    assert sim.settings["pt_secondary"] == 230


async def test_a_refused_write_is_a_per_setting_failure_and_the_rest_is_written(ion_bench):
    device = ion_bench.device("ion")
    sim = ion_bench.sim("ion")
    target = (await read_configuration(device)).updated({"volts_mode": 1, "ct_primary": 400, "nominal_voltage": 240})
    plan = await prepare_write(device, target)
    reg = device.profile.register("ct_primary")
    ion_bench.faults("ion").raise_exception(3, reg.address, reg.end, 3)  # the device refuses this register
    report = await apply_write(device, plan)
    status = {r.name: r.status for r in report.results}
    assert status == {"volts_mode": VERIFIED, "ct_primary": REFUSED, "nominal_voltage": VERIFIED}
    assert not report.ok
    assert "exception 03" in next(r.message for r in report.results if r.name == "ct_primary")
    assert "1 refused" in report.summary() and "2 verified" in report.summary()
    assert (sim.settings["volts_mode"], sim.settings["ct_primary"], sim.settings["nominal_voltage"]) == (1, 200, 240)


async def test_write_protection_is_reported_per_setting(sg_bench):
    device = sg_bench.device("Iskra SG-W1")
    target = (await read_configuration(device)).updated({"location": "Roof", "ntp_sync": 0})
    plan = await prepare_write(device, target)
    reg = device.profile.register("location")
    sg_bench.faults("Iskra SG-W1").raise_exception(3, reg.address, reg.end, 2)  # protected by device security
    report = await apply_write(device, plan)
    assert [(r.name, r.status) for r in report.results] == [("location", REFUSED), ("ntp_sync", VERIFIED)]
    assert "exception 02" in report.results[0].message


async def test_a_dropped_link_mid_write_is_reported_exactly_and_rerunning_finishes(ion_bench):
    device = ion_bench.device("ion")
    sim = ion_bench.sim("ion")
    target = (await read_configuration(device)).updated(
        {"volts_mode": 1, "ct_primary": 400, "nominal_voltage": 240, "nominal_current": 100})
    faults = ion_bench.faults("ion")
    writes = 0

    def drop_on_third_write(direction: str, frame: bytes, _time: float) -> None:
        nonlocal writes
        if direction == "tx" and frame[7] in (6, 16):  # MBAP header, then the function code
            writes += 1
            if writes == 3:
                faults.drop_next = 1

    device.link.listeners.append(drop_on_third_write)
    report = await write_configuration(device, target)
    status = [(r.name, r.status) for r in report.results]
    assert status == [("volts_mode", VERIFIED), ("ct_primary", VERIFIED), ("nominal_voltage", UNVERIFIED),
                      ("nominal_current", NOT_SENT)]
    assert not report.ok
    assert (sim.settings["volts_mode"], sim.settings["ct_primary"]) == (1, 400)
    assert (sim.settings["nominal_voltage"], sim.settings["nominal_current"]) == (230, 200)

    rerun = await write_configuration(device, target)
    assert [(r.name, r.status) for r in rerun.results] == [("nominal_voltage", VERIFIED),
                                                           ("nominal_current", VERIFIED)]
    assert diff(await read_configuration(device), target) == []


async def test_settings_that_can_cut_the_link_go_last_with_a_warning(ion_bench):
    device = ion_bench.device("ion")
    target = (await read_configuration(device)).updated(
        {"ipv4_address": 3232235786, "com1_baud": 9600, "volts_mode": 1, "device_name": "Feeder 7"})
    plan = await prepare_write(device, target)
    assert [c.name for c in plan.changes] == ["volts_mode", "device_name", "com1_baud", "ipv4_address"]
    assert any("IPv4 address can cut the current Ethernet link" in w for w in plan.warnings)


async def test_order_keeps_every_intermediate_state_valid(bcpme_bench):
    device = bcpme_bench.device("bcpme panel 1")
    profile = device.profile
    current = {"advanced_options": 0, "subinterval_length": 5000}
    to_rtc = diff_values(profile, current, {"advanced_options": 8, "subinterval_length": 600})
    assert [c.name for c in order_changes(profile, to_rtc, current)] == ["subinterval_length", "advanced_options"]
    back = {"advanced_options": 8, "subinterval_length": 600}
    from_rtc = diff_values(profile, back, {"advanced_options": 0, "subinterval_length": 5000})
    assert [c.name for c in order_changes(profile, from_rtc, back)] == ["advanced_options", "subinterval_length"]

    await write_configuration(device, diff_values(profile, {}, {"subinterval_length": 5000}))
    report = await write_configuration(device, to_rtc)
    assert report.ok, report.summary()  # the simulator refuses each write that would break the demand rule


async def test_restart_settings_are_applied_and_reported(bcpme_bench):
    device = bcpme_bench.device("bcpme panel 1")
    plan = await prepare_write(device, diff_values(device.profile, {}, {"protocol_mode": 3}))
    assert any("after a restart" in w for w in plan.warnings)
    report = await write_configuration(device, plan.changes)
    assert report.ok and [r.name for r in report.restart_needed] == ["protocol_mode"]
    assert "takes effect after a device restart" in report.results[0].message
    assert "1 take effect after a device restart" in report.summary()


async def test_values_the_device_holds_outside_the_profile_are_shown_not_written(sg_bench, tmp_path):
    device = sg_bench.device("Iskra SG-W1")
    config = await read_configuration(device)
    assert config.unusable == {"push2_port": 0} and "push2_port" not in config.values
    text = save(config, tmp_path / "sg.toml").read_text()
    assert "# push2_port: the device holds 0, which the profile does not allow (1..65535)" in text
    assert diff(config, load(tmp_path / "sg.toml")) == []


async def test_a_configuration_for_another_model_is_refused(ion_bench, sg_bench):
    sg_config = await read_configuration(sg_bench.device("Iskra SG-W1"))
    with pytest.raises(ConfigurationError, match="the configuration is for SG-E1"):
        await write_configuration(ion_bench.device("ion"), sg_config)
