"""Self-test checks: each passes on a sound installation and names what is wrong otherwise."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import keyring
import keyring.errors
import pytest
from jaraco.classes import properties
from keyring.backend import KeyringBackend
from keyring.backends import fail

from app import __version__, selftest
from app.cli.main import main as cli_main
from app.resources import resource_path


class MemoryKeyring(KeyringBackend):
    """A usable backend that records what it is asked.

    Every KeyringBackend subclass joins keyring's registry: this one is viable
    only while a test uses it, so keyring never picks it (or a chain through it)
    by itself.
    """

    active = False

    @properties.classproperty
    def priority(cls) -> float:
        if not cls.active:
            raise RuntimeError("used only where a test sets it")
        return 1

    def __init__(self, error: Exception | None = None) -> None:
        super().__init__()
        self.asked: list[tuple[str, str]] = []
        self.error = error

    def get_password(self, service, username):
        self.asked.append((service, username))
        if self.error:
            raise self.error

    def set_password(self, service, username, password):
        raise AssertionError("the self-test must not store anything")

    def delete_password(self, service, username):
        raise AssertionError("the self-test must not delete anything")


@pytest.fixture
def use_keyring():
    previous = keyring.get_keyring()  # keyring chooses its default before MemoryKeyring is viable
    MemoryKeyring.active = True
    yield keyring.set_keyring
    MemoryKeyring.active = False
    keyring.set_keyring(previous)


def test_profiles_check_counts_every_shipped_profile():
    detail = selftest.check_profiles()
    shipped = sorted(p.stem for p in resource_path("profiles").glob("*.toml"))
    assert detail.startswith(f"{len(shipped)} loaded")
    assert "ion7400" in detail


def test_sample_check_reports_the_rms_it_was_written_with():
    detail = selftest.check_comtrade_sample()
    assert "6 analog and 1 digital channels, 320 samples" in detail
    assert "Va 230.0 V RMS before the sag, 138.0 V during it" in detail


def test_sample_check_fails_when_the_decoded_values_are_wrong(tmp_path, monkeypatch):
    text = resource_path("samples", selftest.SAMPLE).read_text(encoding="utf-8")
    # Va's scale factor doubled: the record still parses, the values are wrong.
    broken = text.replace("1,Va,A,Feeder 1,V,0.02,", "1,Va,A,Feeder 1,V,0.04,")
    assert broken != text
    (tmp_path / "samples").mkdir()
    (tmp_path / "samples" / selftest.SAMPLE).write_text(broken, encoding="utf-8")
    monkeypatch.setattr(selftest, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    with pytest.raises(selftest.SelfTestError, match=r"Va before the sag is 460\.\d+ V RMS, expected 230"):
        selftest.check_comtrade_sample()


def test_sample_check_names_a_missing_sample(tmp_path, monkeypatch):
    monkeypatch.setattr(selftest, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    [result] = selftest.run_checks([("COMTRADE sample", selftest.check_comtrade_sample)])
    assert result.status == "failed"
    assert selftest.SAMPLE in result.detail


def test_keyring_check_reads_through_a_usable_backend(use_keyring):
    backend = MemoryKeyring()
    use_keyring(backend)
    detail = selftest.check_keyring()
    assert backend.asked == [("MeterDesk", "self-test/self-test/self-test")]
    assert "MemoryKeyring answers" in detail


def test_keyring_check_warns_of_the_session_fallback(use_keyring):
    use_keyring(fail.Keyring())
    [result] = selftest.run_checks([("keyring", selftest.check_keyring)])
    assert result.status == "warning"
    assert "session only" in result.detail


def test_keyring_check_fails_when_the_backend_errors(use_keyring):
    use_keyring(MemoryKeyring(keyring.errors.KeyringLocked("the collection is locked")))
    [result] = selftest.run_checks([("keyring", selftest.check_keyring)])
    assert result.status == "failed"
    assert "the collection is locked" in result.detail


def test_demo_lab_check_reads_a_value_from_a_simulated_device():
    detail = selftest.check_demo_lab()
    assert detail.startswith("ION7400 main incomer (tcp://127.0.0.1:")
    assert "answered: Active energy delivered = " in detail
    assert detail.endswith("kWh")


def test_a_broken_or_missing_gui_check_is_a_failure(monkeypatch):
    broken = EntryPoint("main window", "ui.no_such_module:check", selftest.ENTRY_POINT_GROUP)
    monkeypatch.setattr(selftest, "entry_points", lambda group: [broken])
    [(name, check)] = selftest.registered_checks()
    [result] = selftest.run_checks([(name, check)])
    assert (result.name, result.status) == ("main window", "failed")
    assert "cannot load ui.no_such_module:check (ModuleNotFoundError" in result.detail

    monkeypatch.setattr(selftest, "entry_points", lambda group: [])
    [result] = selftest.run_checks(selftest.registered_checks())
    assert result.status == "failed"
    assert "not checked" in result.detail


def test_the_installed_gui_registers_its_window_check():
    names = [name for name, _ in selftest.registered_checks()]
    assert names[0] == selftest.GUI_CHECK
    assert names.count(selftest.GUI_CHECK) == 1


def test_report_and_exit_code(monkeypatch, capsys, use_keyring):
    def broken() -> str:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(selftest, "registered_checks", lambda: [("main window", lambda: "drawn")])
    monkeypatch.setattr(selftest, "CORE_CHECKS", [("profiles", lambda: "7 loaded")])
    assert cli_main(["--self-test"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"MeterDesk {__version__} self-test (Python package;")
    assert out[1].startswith("  ok       main window: drawn (")
    assert out[-1] == "Self-test passed."

    monkeypatch.setattr(selftest, "CORE_CHECKS", [("profiles", broken), ("keyring", selftest.check_keyring)])
    use_keyring(fail.Keyring())
    assert cli_main(["--self-test"]) == 1
    out = capsys.readouterr().out
    assert "  failed   profiles: ZeroDivisionError: division by zero (" in out
    assert "Traceback" not in out
    assert out.rstrip().endswith("Self-test FAILED: profiles.")


def test_summary_counts_warnings():
    results = [selftest.Result("a", "ok", "", 0.0), selftest.Result("b", "warning", "", 0.0),
               selftest.Result("c", "warning", "", 0.0)]
    assert selftest.summary(results) == "Self-test passed (2 warnings)."
