"""The core's messages follow the chosen language; English when there is no catalogue."""

from __future__ import annotations

import pytest

from app import i18n
from app.cli.main import main as cli
from app.errors import ValidationError
from app.modbus import codec
from app.modbus.errors import LinkError, ModbusExceptionError
from app.profiles.loader import load_all


@pytest.fixture
def french():
    """French for one test; profiles, translated as they load, are loaded again afterwards."""
    load_all.cache_clear()
    yield i18n.set_language("fr")
    i18n.set_language("en")
    load_all.cache_clear()


@pytest.mark.parametrize(("environment", "expected"), [
    ({"LANGUAGE": "fr_FR:en"}, "fr"), ({"LANG": "fr_CA.UTF-8"}, "fr"), ({"LC_ALL": "de_DE.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"), ({"LANGUAGE": "de:fr"}, "fr"),
])  # fmt: skip
def test_system_language_is_the_first_shipped_one_the_environment_asks_for(monkeypatch, environment, expected):
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    assert i18n.system_language() == expected


def test_link_errors_and_validation_messages_in_french(french):
    assert french == "fr"
    error = LinkError("timeout", "meter 1", i18n._("no answer within {seconds:g} s").format(seconds=1.5), 4000)
    assert str(error) == "meter 1, adresse 4000\u00a0: pas de réponse en 1.5 s"
    refused = ModbusExceptionError("meter 1 unité 1", 3, 2, 56000)
    assert "exception 02\u00a0: adresse de données illégale" in str(refused)
    reg = load_all()["ion7400"].register("ct_primary")
    with pytest.raises(ValidationError, match="hors de la plage admise"):
        codec.validate(reg, -5)


def test_unknown_language_or_missing_catalogue_falls_back_to_english(monkeypatch, tmp_path):
    try:
        assert i18n.set_language("de") == "en"
        assert i18n._("connection lost") == "connection lost"
        monkeypatch.setattr(i18n, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
        assert i18n.set_language("fr") == "en"
        assert i18n.profile_text("Volts mode") == "Volts mode"
    finally:
        i18n.set_language("en")


def test_the_command_line_speaks_the_environments_language(monkeypatch, capsys):
    monkeypatch.setenv("LANGUAGE", "fr")
    monkeypatch.setattr(i18n, "_catalogues", {})  # as at start: the language comes from the environment
    load_all.cache_clear()
    try:
        assert cli(["read", "--tcp", "127.0.0.1:1", "--profile", "ion7400", "--timeout", "0.2", "volts_mode"]) != 0
        assert "connexion refusée" in capsys.readouterr().err
        assert load_all()["ion7400"].register("volts_mode").label == "Mode tension"
    finally:
        i18n.set_language("en")
        load_all.cache_clear()
