"""Configuration files: TOML and JSON round trips, and errors that name the file and line."""

from __future__ import annotations

import json
import tomllib

import pytest

from app.config import Configuration, ConfigurationError, diff, load, save
from app.config.files import parse
from app.config.model import normalize, same_value
from app.profiles import profile_by_id


@pytest.fixture
def ion_config() -> Configuration:
    profile = profile_by_id("ion7400")
    return Configuration(profile, {
        "volts_mode": 1, "pt_primary": 20000, "pt_secondary": 120, "com1_rx_timeout": 1.5,
        "ipv4_address": 3232235786, "device_name": "Feeder \"7\" ü", "ntp_event_threshold": 0.001,
        "pulse_kt": 0.222,
    }, device="Feeder 7", read_at="2025-05-01T09:30:00+00:00")


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_round_trip_keeps_every_value_and_the_header(tmp_path, ion_config, suffix):
    path = save(ion_config, tmp_path / f"feeder{suffix}")
    loaded = load(path)
    assert loaded.values == ion_config.values
    assert (loaded.profile.id, loaded.device, loaded.read_at) == ("ion7400", "Feeder 7", "2025-05-01T09:30:00+00:00")
    assert diff(ion_config, loaded) == []


def test_toml_reads_like_the_manual(tmp_path, ion_config):
    text = save(ion_config, tmp_path / "feeder.toml").read_text()
    data = tomllib.loads(text)
    version = ion_config.profile.version
    assert data["meterdesk"] == {"format": 1, "profile": "ion7400", "profile_version": version, "device": "Feeder 7",
                                 "read_at": "2025-05-01T09:30:00+00:00"}
    assert data["settings"]["metering"]["volts_mode"] == "DELTA"
    assert data["settings"]["ethernet"]["ipv4_address"] == "192.168.1.10"
    assert "pt_primary = 20000" in text and "# V, 1..999999" in text
    assert text.index("[settings.metering]") < text.index("[settings.serial]") < text.index("[settings.ethernet]")


def test_json_carries_profile_and_version(tmp_path, ion_config):
    data = json.loads(save(ion_config, tmp_path / "feeder.json").read_text())
    assert data["meterdesk"]["profile"] == "ion7400"
    assert data["meterdesk"]["profile_version"] == ion_config.profile.version
    assert data["settings"]["metering"]["volts_mode"] == "DELTA"


def test_labels_and_numbers_are_both_accepted():
    text = '[meterdesk]\nprofile = "ion7400"\n[settings.metering]\nvolts_mode = 2\nnominal_frequency = "60 hz"\n'
    assert parse(text, "x.toml").values == {"volts_mode": 2, "nominal_frequency": 60}


@pytest.mark.parametrize("body, message", [
    ('[settings.metering]\nvolts_mode = "TRIANGLE"', ("x.toml, line 4: volts_mode (reg 56001): 'TRIANGLE' is not a number; "
                                                     "choose one of 4W-WYE")),
    ('[settings.metering]\nphase_order = "ABC"\npt_primary = 0', ("x.toml, line 5: pt_primary (reg 56003): 0 V is "
                                                                "outside the allowed range 1..999999 V")),
    ('[settings.metering]\nvoltage_an = 230', "x.toml, line 4: 'voltage_an' is a read-only register of ion7400"),
    ('[settings.serial]\nbaud = 9600', "x.toml, line 4: 'baud' is not a setting of ion7400"),
    ('[settings.ethernet]\nipv4_address = "10.0.0.300"', ("x.toml, line 4: ipv4_address (reg 56202): '10.0.0.300' is "
                                                         "not an IPv4 address")),
    ('[settings.metering]\nct_primary = true', "x.toml, line 4: ct_primary: expected a number or text, got True"),
])
def test_bad_entries_name_the_file_and_line(body, message):
    with pytest.raises(ConfigurationError) as caught:
        parse(f'[meterdesk]\nprofile = "ion7400"\n{body}\n', "x.toml")
    assert message in str(caught.value)


def test_every_bad_entry_is_listed_at_once():
    text = '[meterdesk]\nprofile = "ion7400"\n[settings.metering]\npt_primary = 0\nct_primary = -1\n'
    with pytest.raises(ConfigurationError) as caught:
        parse(text, "x.toml")
    assert "line 4" in str(caught.value) and "line 5" in str(caught.value)


def test_json_errors_name_the_line():
    text = '{\n  "meterdesk": {"profile": "ion7400"},\n  "settings": {"metering": {\n    "pt_primary": 0\n  }}\n}\n'
    with pytest.raises(ConfigurationError, match=r"x\.json, line 4: pt_primary"):
        parse(text, "x.json", json_format=True)
    with pytest.raises(ConfigurationError, match=r"x\.json, line 2: not valid JSON"):
        parse('{\n  "meterdesk": ,\n}', "x.json", json_format=True)


@pytest.mark.parametrize("text, message", [
    ('[settings.metering]\npt_primary = 1\n', "no [meterdesk] table"),
    ('[meterdesk]\nprofile = "pm9999"\n', "x.toml, line 2: unknown profile 'pm9999'"),
    ('[meterdesk]\nprofile = "ion7400"\nprofile_version = 99\n', "x.toml, line 3: made with version 99 of profile"),
    ('[meterdesk]\nformat = 7\nprofile = "ion7400"\n', "x.toml, line 2: format 7 is newer"),
    ('[meterdesk\nprofile = "ion7400"\n', "x.toml: not valid TOML"),
])
def test_bad_headers_are_refused(text, message):
    with pytest.raises(ConfigurationError, match=message.replace("[", r"\[").replace("(", r"\(")):
        parse(text, "x.toml")


def test_file_for_another_profile_is_refused_when_one_is_expected():
    with pytest.raises(ConfigurationError, match="the file is for profile 'ion7400', not 'bcpme'"):
        parse('[meterdesk]\nprofile = "ion7400"\n', "x.toml", profile=profile_by_id("bcpme"))


def test_installation_facts_round_trip(tmp_path):
    config = Configuration(profile_by_id("bcpme"), {"strip_layout": 0}, installation={"strip_layout": 1})
    loaded = load(save(config, tmp_path / "panel.toml"))
    assert loaded.installation == {"strip_layout": 1}
    assert 'strip_layout = "Bottom feed"' in (tmp_path / "panel.toml").read_text()


def test_unreadable_file_is_named(tmp_path):
    with pytest.raises(ConfigurationError, match="cannot read"):
        load(tmp_path / "missing.toml")


def test_values_compare_as_the_device_holds_them():
    profile = profile_by_id("ion7400")
    kt, timeout, unit = (profile.register(n) for n in ("pulse_kt", "com1_rx_timeout", "com1_unit_id"))
    assert same_value(kt, 0.1, 0.10000000149011612) and not same_value(kt, 0.1, 0.2)
    assert normalize(kt, 0.10000000149011612) == 0.1
    assert normalize(timeout, 0.30000000000000004) == 0.3
    assert normalize(unit, 100.0) == 100 and isinstance(normalize(unit, 100.0), int)
    assert not same_value(kt, None, 0.1) and same_value(kt, None, None)


def test_a_configuration_only_holds_settings():
    with pytest.raises(ConfigurationError, match="ion7400 has no setting 'voltage_an'"):
        Configuration(profile_by_id("ion7400"), {"voltage_an": 230.0})
