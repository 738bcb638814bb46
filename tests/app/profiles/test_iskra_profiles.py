"""The Iskra profiles: they load, follow Iskra's numbering and map, and cite their sources."""

import pytest

from app.drivers.iskra import counter_registers
from app.modbus.planner import ReadPlan, plan_reads
from app.profiles import load_profile, profile_by_id
from app.profiles.loader import profiles_dir

ISKRA = ("iskra-sg", "iskra-ie38md", "iskra-wm3m4c", "iskra-bicom")
METERS = ("iskra-ie38md", "iskra-wm3m4c")


@pytest.mark.parametrize("profile_id", ISKRA)
def test_profile_loads_validates_and_plans(profile_id):
    profile = load_profile(profiles_dir() / f"{profile_id}.toml")
    assert profile.id == profile_id and profile.vendor == "Iskra"
    for r in profile.registers:  # Iskra numbering: no extra -1 (register-maps.md §3)
        assert r.reg - r.address == {4: 30000, 3: 40000}[r.function], r.name
        assert r.source.strip(), r.name
    readable = [r for r in profile.registers if r.readable]
    plan = ReadPlan(plan_reads(readable, profile.is_readable_gap))  # every type decodes
    assert sum(len(b.registers) for b in plan.blocks) == len(readable)


def test_gateway_links_and_documented_defaults():
    sg = profile_by_id("iskra-sg")
    links = sg.links
    assert (links.tcp_port, links.tcp_unit) == (10001, 34)  # L433
    assert (links.serial_baud, links.serial_parity, links.serial_stopbits, links.serial_unit) == (115200, "N", 1, 34)
    defaults = {r.name: r.default for r in sg.registers if r.default is not None}
    assert defaults == {"local_modbus_address": 34, "local_tcp_modbus_port": 10001, "local_http_port": 80,
                        "rs485_baud": 115200, "rs485_parity": 0, "rs485_stop_bits": 1,
                        "rs485_dev1_type": 0, "rs485_dev2_type": 0}
    assert all("convention" in r.source for r in sg.registers)  # the manual has no register map


def test_gateway_settings_tabs_have_the_manuals_choices():
    sg = profile_by_id("iskra-sg")
    tabs = [g.label for g in sg.groups if g.kind == "setting"]
    assert tabs == ["General", "Communication", "IR Devices", "RS485 Devices"]  # L721, L727
    enum = {r.name: set((r.enum or {}).values()) for r in sg.registers}
    assert enum["connection_mode"] == {"WiFi", "Ethernet"}
    assert enum["ntp_sync"] == {"Disabled", "Enabled"} and enum["debug_console"] == {"OFF", "ON"}
    assert enum["push1_protocol"] == enum["push2_protocol"] == {"Standard TCP", "MQTT"}
    assert enum["push2_mqtt_protocol"] == {"MQTT over TCP", "MQTT over SSL (secure)"}
    assert enum["ir_counter_enabled"] == {"Disabled", "Enabled"}
    assert enum["ir_relay_mode"] == {"Not Connected", "Controlled by IHUB", "Controlled by IR Counter"}
    assert enum["rs485_parity"] == {"None", "Odd", "Even"} and enum["rs485_stop_bits"] == {"1", "2"}
    assert sg.register("rs485_dev2_type").enum[0] == "Not connected"
    assert {r.name for r in sg.registers if r.access == "W"} == {
        "wifi_password", "push1_mqtt_password", "push2_mqtt_password"}
    per_tab = {g.id: len(sg.in_group(g.id)) for g in sg.groups}
    assert per_tab["communication"] == 2 * 12 and per_tab["rs485_devices"] == 3 + 2 * 5


@pytest.mark.parametrize("profile_id", METERS)
def test_meters_use_iskras_measurement_map(profile_id):
    p = profile_by_id(profile_id)
    expected = {"frequency": (105, "iskra_t5"), "voltage_1": (107, "iskra_t5"), "current_3": (130, "iskra_t5"),
                "p_total": (140, "iskra_t6"), "q_3": (154, "iskra_t6"), "s_total": (156, "iskra_t5"),
                "pf_total": (164, "iskra_t7"), "pf_2": (168, "iskra_t7"), "angle_1": (173, "int16"),
                "temperature": (181, "int16"), "thd_u_1": (182, "uint16"), "thd_i_3": (190, "uint16")}
    for name, (address, type_) in expected.items():
        r = p.register(name)
        assert (r.function, r.address, r.type) == (4, address, type_), name
        assert "register-maps.md §3b" in r.source
    assert p.register("thd_i_1").scale == p.register("angle_total").scale == 0.01  # T16, T17
    assert p.identity.model_register == "model" and p.register("model").address == 1


def test_ie38md_has_16_resettable_and_4_non_resettable_float_counters():
    p = profile_by_id("iskra-ie38md")
    names = counter_registers(p)
    assert names == [f"counter_nr_{n}" for n in range(1, 5)] + [f"counter_{n}" for n in range(1, 17)]  # L591-L592
    assert [p.register(n).address for n in names] == list(range(2752, 2792, 2))
    assert {p.register(n).type for n in names} == {"float32"}
    assert p.register("counter_nr_4_unit").address == 433 and p.register("counter_1_unit").address == 437
    assert p.register("counter_16_quadrants").address == 498


def test_wm3m4c_counters_carry_exponents():
    p = profile_by_id("iskra-wm3m4c")
    assert counter_registers(p) == ["counter_nr_1", "counter_nr_2"]
    for n, (exponent_at, value_at, unit_at) in enumerate(((401, 406, 421), (402, 408, 431)), start=1):
        counter = p.register(f"counter_nr_{n}")
        exponent = p.register(counter.scale_register)
        assert (counter.type, counter.address) == ("int32", value_at)
        assert (exponent.type, exponent.address) == ("int16", exponent_at)
        assert p.register(f"counter_nr_{n}_unit").address == unit_at


def test_bicom_is_a_documented_convention():
    p = profile_by_id("iskra-bicom")
    assert p.register("relay_state").enum == {0: "OFF", 1: "ON"}
    command = p.register("command")
    assert command.access == "W" and command.enum == {1: "ON", 2: "OFF", 3: "Toggle"}  # L1056
    assert all("convention" in r.source for r in p.registers)
    assert p.links.tcp_unit == 35 and "convention" in p.links.source
