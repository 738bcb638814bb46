"""The BCPME profile: it loads, its public anchors sit where the sources put them, conventions are fenced off."""

import re

import pytest

from app.cli.main import main
from app.devices.bcpme_circuits import Alarm, Layout
from app.devices.bcpme_settings import ALARM_REGISTERS, Options, PanelSettings
from app.profiles import load_all, load_profile, profile_by_id
from app.profiles.loader import profiles_dir

CONVENTION = range(46000, 46200)  # PDU addresses of the convention block (regs 46001-46199)


@pytest.fixture(scope="module")
def profile():
    return load_profile(profiles_dir() / "bcpme.toml")


def test_profile_loads_and_is_listed(profile, capsys):
    assert profile_by_id("bcpme").id == profile.id == "bcpme"
    assert "bcpme" in load_all()
    assert profile.driver == "bcpme"
    assert main(["profiles"]) == 0
    assert re.search(r"^bcpme\s+Schneider Electric PowerLogic BCPME", capsys.readouterr().out, re.M)


@pytest.mark.parametrize(
    ("name", "reg", "address"),
    [
        ("strip_layout", 6, 5),  # manual L527, register-maps.md §2
        ("demand_subintervals", 71, 70),
        ("subinterval_length", 72, 71),
        ("aux_ct_size_1", 115, 114),
        ("breaker_size_37", 155, 154),  # V4 anchor: branch 37 = 155
        ("hh_delay", 165, 164),
        ("hysteresis", 177, 176),
        ("latched_alarms", 224, 223),
        ("voltage_alarm_status_3", 243, 242),
        ("demand_sync", 295, 294),
        ("current_scale_1", 1000, 999),
        ("command_42", 1167, 1166),
        ("energy_42", 1250, 1249),
        ("current_1", 1336, 1335),  # V6: register 1336 = channel 1 current
        ("apparent_power_42", 1671, 1670),
        ("power_float_1", 2084, 2083),  # V3 reads PDU 2083 as power
        ("current_float_1", 2252, 2251),  # V3 reads PDU 2251 as current
        ("max_current_float_27", 2808, 2807),  # V4: channel 27 = 2808/2809
        ("apparent_power_float_37", 2912, 2911),  # V4: channel 37 = 2912/2913
        ("advanced_options", 62017, 62016),  # manual L342
        ("phase_assignment_1", 62116, 62115),  # V1 writes 62115 + channel
    ],
)
def test_public_anchors(profile, name, reg, address):
    r = profile.register(name)
    assert (r.reg, r.address) == (reg, address)
    assert not r.source.startswith("convention")


def test_integer_blocks_scale_per_channel(profile):
    for n in (1, 17, 42):
        assert profile.register(f"current_{n}").scale_register == f"current_scale_{n}"
        assert profile.register(f"max_power_demand_{n}").scale_register == f"power_scale_{n}"
        assert profile.register(f"energy_{n}").scale_register == f"energy_scale_{n}"
        assert profile.register(f"energy_{n}").type == "uint32"
    assert profile.register("pf_5").scale == 0.001  # fixed scale -3 (V2)
    assert profile.register("current_scale_5").sentinels == (0x8000,)


def test_every_block_has_42_channels(profile):
    prefixes = ("current", "current_float", "alarm_status", "breaker_size", "phase_assignment", "command")
    for prefix in prefixes:
        names = [r.name for r in profile.registers if re.fullmatch(rf"{prefix}_\d+", r.name)]
        assert len(names) == 42, prefix


def test_conventions_live_only_in_the_convention_block(profile):
    """Invented addresses stay outside every publicly named range, and say so."""
    for r in profile.registers:
        assert r.source.strip()
        invented = r.source.startswith("convention")
        assert invented == (r.address in CONVENTION), r.name
    header = profiles_dir().joinpath("bcpme.toml").read_text(encoding="utf-8").split("[profile]")[0]
    assert "46001-46199" in header and "Gaps" in header


def test_enums_and_bits_match_the_code(profile):
    assert profile.register("strip_layout").enum == {int(v): v.label for v in Layout}
    assert set(profile.register("advanced_options").bits) == {f.bit_length() - 1 for f in Options if f}
    status_bits = set(profile.register("alarm_status_1").bits)
    assert status_bits == {a.bit_length() - 1 for a in Alarm if a}
    for name in PanelSettings.register_names():
        assert profile.register(name).writable, name
    assert set(ALARM_REGISTERS.values()) <= {r.name for r in profile.in_group("event_setup")}


def test_public_defaults(profile):
    assert profile.register("strip_layout").default == 0  # top feed (V6, V7)
    assert profile.register("subinterval_length").default == 900
    assert [profile.register(n).default for n in ("hh_delay", "h_delay", "l_delay", "ll_delay",
                                                  "latch_on_time", "latch_off_time")] == [10, 10, 10, 10, 10, 30]
    assert profile.register("hh_threshold").default == 70
