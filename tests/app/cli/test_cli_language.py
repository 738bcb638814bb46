"""The command line speaks the environment's language, argparse's own texts (usage, headings, errors) included."""

from __future__ import annotations

import argparse
import gettext

import pytest

from app import i18n
from app.cli.main import main as cli
from app.profiles.loader import load_all

NBSP = "\u00a0"


@pytest.fixture
def environment_in_french(monkeypatch):
    """LANGUAGE=fr, with no language chosen yet: the command line takes it from the environment."""
    monkeypatch.setenv("LANGUAGE", "fr")
    monkeypatch.setattr(i18n, "_catalogues", {})
    load_all.cache_clear()
    yield
    i18n.set_language("en")
    load_all.cache_clear()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stop:
        cli(list(argv))
    out, err = capsys.readouterr()
    return stop.value.code, out, err


def test_help_and_argument_errors_in_english(capsys):
    code, out, _err = run(capsys, "--help")
    assert code == 0
    assert out.startswith("usage: meterdesk")
    assert "options:\n" in out and "show this help message and exit" in out and "list the shipped device profiles" in out
    code, _out, err = run(capsys, "profiles", "--bogus")
    assert code == 2 and "meterdesk: error: unrecognized arguments: --bogus" in err


def test_help_and_argument_errors_in_french(environment_in_french, capsys):
    code, out, _err = run(capsys, "--help")
    assert code == 0
    assert out.startswith(f"utilisation{NBSP}: meterdesk")
    assert f"options{NBSP}:\n" in out and f"arguments positionnels{NBSP}:\n" in out
    assert "afficher ce message d'aide et quitter" in out  # argparse's own -h
    assert "lister les profils d'appareils fournis" in out  # a sub-command's help
    code, out, _err = run(capsys, "watch", "--help")
    assert "Interroger un appareil" in out and "délai d'attente par requête" in out

    code, _out, err = run(capsys, "frob")
    assert code == 2
    assert f"meterdesk{NBSP}: erreur{NBSP}: argument COMMAND{NBSP}: choix invalide{NBSP}: 'frob'" in err
    code, _out, err = run(capsys, "profiles", "--bogus")
    assert code == 2 and f"arguments non reconnus{NBSP}: --bogus" in err
    code, _out, err = run(capsys, "read", "--tcp", "127.0.0.1:1")
    assert code == 2 and f"meterdesk read{NBSP}: erreur{NBSP}: les arguments suivants sont obligatoires{NBSP}: --profile" in err


def test_other_parsers_keep_argparse_s_own_translation(environment_in_french, capsys):
    run(capsys, "--help")
    assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext
    assert "usage: " in argparse.ArgumentParser(prog="other").format_usage()
