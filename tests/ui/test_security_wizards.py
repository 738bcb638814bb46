"""Security wizards offscreen against simulated meters: the set-up wizard end to end (the meter then
enforces the new password and lockout, the audit is clean), no secret in any file MeterDesk wrote,
apply to many, the password updater with a failing meter, decommissioning, no keyring."""

from __future__ import annotations

import asyncio
import base64
import logging

import pytest
from PySide6.QtWidgets import QDialog

from app.modbus.link import Endpoint
from app.modbus.traffic import TrafficLog
from app.profiles import profile_by_id
from app.project.file import save_project
from app.project.model import DeviceEntry, Project, Site
from app.security import accounts as acc
from app.security import scf
from app.security.apply import connect, key_for, pending_key
from app.security.audit import audit
from app.security.client import LockedOut, LoginRefused
from app.security.config import SecurityConfig
from app.security.credentials import CredentialStore
from app.session import DeviceAddress
from app.sim.lab import LabThread, ion7400_spec
from tests.keyring_fixtures import no_keyring, private_home, secret_service  # noqa: F401 (fixtures)
from tests.ui.conftest import run_until
from ui.panes.security import SecurityPane
from ui.sessions import Sessions
from ui.wizards.decommission import DecommissionWizard
from ui.wizards.fleet import ApplyManyWizard, PasswordUpdaterWizard
from ui.wizards.setup import SaveScfDialog, SetupWizard

PROJECT = "Substation 7"
ADMIN, VIEWER = "Adm1n-2024!x", "View3r-2024?"
ION = profile_by_id("ion7400")


@pytest.fixture
def lab():
    with LabThread([ion7400_spec(f"meter {k}", port=0, services=[]) for k in (1, 2, 3)]) as running:
        yield running.lab


def wait(aloop, coro, timeout: float = 20.0):
    """Run ``coro`` on the GUI's qasync loop and return its result."""
    task = asyncio.ensure_future(coro)
    run_until(aloop, task.done, timeout=timeout)
    return task.result()


def addresses(lab) -> list[DeviceAddress]:
    return [DeviceAddress(s.name, s.profile, Endpoint.parse(s.endpoint), s.unit)
            for s in lab.served if s.endpoint.startswith("tcp://")]


def walk_setup_wizard(qtbot, aloop, wizard: SetupWizard) -> None:
    """Harden a factory ION7400 as a user would, page by page."""
    run_until(aloop, lambda: wizard.posture is not None)
    assert any("factory password" in f.title for f in wizard.audit.findings)
    wizard.posture_page.admin.entry.setText("0")
    assert wizard.button(wizard.WizardButton.NextButton).isEnabled()
    wizard.next()
    rules = wizard.settings_pages[0]
    rules.editors["min_password_length"].setValue(8)
    rules.editors["password_complexity"].setCurrentIndex(2)  # NERC CIP-007-5
    wizard.next()
    methods = wizard.settings_pages[1]
    methods.editors["modbus_access"].setCurrentIndex(1)  # Read Only
    methods.editors["broadcast_time_sync"].setCurrentIndex(0)
    wizard.next()
    lockouts = wizard.settings_pages[2]
    for channel in acc.CHANNELS:
        lockouts.editors[f"lockout_{channel}"].setValue(5)
    wizard.next()
    wizard.protocols_page.set_enabled("ion_enabled", False)
    wizard.protocols_page.set_enabled("sftp_enabled", False)
    wizard.next()
    accounts = wizard.accounts_page
    accounts.select(1)
    accounts.password.set_text("weak")
    assert not accounts.isComplete() and "the minimum is 8" in accounts.password.feedback.text()
    accounts.password.set_text(ADMIN)
    assert accounts.isComplete() and accounts.password.strength.value() >= 3
    accounts.select(2)
    accounts.password.set_text(VIEWER)
    wizard.next()
    review = wizard.review_page
    texts = [(c.label, c.old, c.new) for c in review.changes]
    assert ("SFTP enabled", "Yes", "No") in texts and ("USER1 password", "(current)", "(new password)") in texts
    assert review.isComplete() and all(ADMIN not in " ".join(t) for t in texts)
    wizard.next()
    wizard.apply_page.apply_button.click()
    run_until(aloop, lambda: wizard.report is not None, timeout=20)
    assert wizard.report.ok, wizard.report.summary()


@pytest.mark.usefixtures("secret_service")
def test_setup_wizard_hardens_the_meter_and_it_enforces_the_result(qtbot, aloop, lab):
    address = addresses(lab)[0]
    store = CredentialStore()
    wizard = SetupWizard(address, store, project=PROJECT)
    qtbot.addWidget(wizard)
    wizard.show()
    walk_setup_wizard(qtbot, aloop, wizard)
    assert store.get(key_for(PROJECT, "meter 1", "USER1")) == ADMIN
    statuses = [s for _d, _i, s in wizard.apply_page.results.statuses()]
    assert statuses and set(statuses) == {"verified"}

    async def check() -> None:
        async with connect(address) as client:
            assert audit(await client.read_posture()).clean
            with pytest.raises(LoginRefused):
                await client.login(1, "0")
            for _ in range(5):
                with pytest.raises(LoginRefused):
                    await client.login(2, "wrong")
            with pytest.raises(LockedOut):  # five failures locked USER2 out, as configured
                await client.login(2, VIEWER)

    wait(aloop, check())
    sim = lab.devices["meter 1"]
    assert sim.settings["sftp_enabled"] == 0 and sim.settings["ion_enabled"] == 0


@pytest.mark.usefixtures("secret_service")
def test_no_secret_in_any_file_after_a_full_wizard_run(qtbot, aloop, lab, tmp_path, monkeypatch):
    monkeypatch.setenv("METERDESK_DATA_DIR", str(tmp_path / "data"))
    log_file = tmp_path / "logs" / "meterdesk.log"
    log_file.parent.mkdir()
    handler = logging.FileHandler(log_file)
    root = logging.getLogger()
    root.addHandler(handler)
    levels = {name: logging.getLogger(name).level for name in ("", "pymodbus", "asyncio")}
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        address = addresses(lab)[0]
        sessions = Sessions()
        link = sessions.pool.acquire(address.endpoint)  # the wizard shares this link
        traffic = TrafficLog()
        traffic.watch(link)
        store = CredentialStore()
        wizard = SetupWizard(address, store, project=PROJECT, sessions=sessions)
        qtbot.addWidget(wizard)
        wizard.show()
        walk_setup_wizard(qtbot, aloop, wizard)
        exports = tmp_path / "exports"
        exports.mkdir()
        wizard.save_configuration(str(exports / "plain.scf"), None)
        wizard.save_configuration(str(exports / "sealed.scf"), "a long passphrase")
        assert scf.load(exports / "sealed.scf", passphrase="a long passphrase").passwords[1] == ADMIN
        pane = SecurityPane(sessions, store=store, project=PROJECT)
        qtbot.addWidget(pane)
        pane.session = sessions.session(address)
        wait(aloop, pane._audit([address]))
        wait(aloop, pane._read_events(address))
        assert pane.shown_events()
        pane.write_report(exports / "audit.html")
        pane.write_report(exports / "audit.pdf")
        traffic.save(exports / "traffic.txt")
        assert len(traffic.frames) > 20
        site = Site("Lab", host="127.0.0.1", tcp_port=address.endpoint.port, devices=[DeviceEntry("meter 1", 1, "ion7400")])
        save_project(Project(PROJECT, [site]), tmp_path / "data" / "projects" / "substation")
        sessions.pool.release(link)
    finally:
        root.removeHandler(handler)
        handler.close()
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
    secrets = (ADMIN, VIEWER, "a long passphrase")
    forms = [f(s) for s in secrets for f in (
        lambda s: s.encode(), lambda s: s.encode("utf-16-le"), lambda s: s.encode().hex().encode(),
        lambda s: s.encode().hex().upper().encode(), lambda s: base64.b64encode(s.encode()))]
    written = [p for p in tmp_path.rglob("*") if p.is_file() and "keyrings" not in p.parts]
    assert {p.name for p in written} >= {"plain.scf", "sealed.scf", "audit.html", "audit.pdf", "traffic.txt",
                                         "meterdesk.log", "substation.mdproj"}
    leaks = [(p.name, f) for p in written for f in forms if f in p.read_bytes()]
    assert leaks == []
    assert log_file.stat().st_size > 0


@pytest.mark.usefixtures("secret_service")
def test_apply_many_flags_devices_that_cannot_take_the_file(qtbot, aloop, lab, tmp_path):
    store = CredentialStore()
    targets = addresses(lab)
    for a in targets:
        store.set(key_for(PROJECT, a.name, "USER1"), "0")
    path = tmp_path / "lockouts.scf"
    scf.save(SecurityConfig("ion7400", {"lockout_1": 4, "broadcast_time_sync": 0}), path)
    board = DeviceAddress("board", "bcpme", targets[0].endpoint, 1)
    wizard = ApplyManyWizard([*targets, board], store, project=PROJECT)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.open(str(path))
    assert "no passwords" in wizard.file_page.status.text()
    wizard.next()
    picker = wizard.targets_page.picker
    assert "the file is for ion7400" in picker.items()[3].text(2)
    picker.choose(["meter 1", "meter 3", "board"])
    assert [a.name for a in picker.chosen()] == ["meter 1", "meter 3"]  # the BCPME cannot be chosen
    wizard.next()
    run_until(aloop, lambda: wizard.results_page.done, timeout=20)
    assert [r.device for r in wizard.results_page.reports if r.ok] == ["meter 1", "meter 3"]
    assert [lab.devices[f"meter {k}"].settings["lockout_1"] for k in (1, 2, 3)] == [4, 8, 4]


@pytest.mark.usefixtures("secret_service")
def test_password_updater_lists_the_meter_that_failed(qtbot, aloop, lab):
    store = CredentialStore()
    targets = addresses(lab)
    for a in targets:
        store.set(key_for(PROJECT, a.name, "USER1"), "0")
    block = ION.register("password_account")
    lab.buses["meter 2"].faults.raise_exception(3, block.address, block.address + 25, 4)
    wizard = PasswordUpdaterWizard(targets, store, project=PROJECT)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.pick_page.picker.choose(["meter 1", "meter 2", "meter 3"])
    wizard.pick_page.accounts.setText("1, 2")
    wizard.next()
    assert wizard.passwords_page.generated.isChecked()
    wizard.next()
    run_until(aloop, lambda: wizard.results_page.done, timeout=30)
    assert "Not done: meter 2" in wizard.results_page.failed.text()
    for a in targets:
        for user, account in (("USER1", 1), ("USER2", 2)):
            kept = store.get(key_for(PROJECT, a.name, user))
            assert store.get(pending_key(key_for(PROJECT, a.name, user))) is None
            sim = lab.devices[a.name].security
            if a.name == "meter 2":
                assert sim.password_matches(account, "0") and kept in (None, "0")
            else:
                assert kept not in (None, "0") and sim.password_matches(account, kept)


@pytest.mark.usefixtures("no_keyring")
def test_decommissioning_runs_every_step_in_order_with_confirmation(qtbot, aloop, lab, tmp_path):
    store = CredentialStore(session_fallback=True)
    address = addresses(lab)[0]
    wizard = DecommissionWizard(address, store, project=PROJECT)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.intro.admin.entry.setText("0")
    wizard.next()
    for page in wizard.step_pages:
        assert wizard.currentPage() is page and not page.run_button.isEnabled()
        assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()
        page.confirm.setChecked(True)
        page.run_button.click()
        run_until(aloop, lambda p=page: p.isComplete(), timeout=10)
        wizard.next()
    assert wizard.currentPage() is wizard.report_page
    assert [s for _d, _i, s in wizard.report_page.table.statuses()] == ["verified"] * 9
    assert lab.devices["meter 1"].value("decommission_done") == 0x1FF
    wizard.ask_save_path = lambda *_: str(tmp_path / "wipe.html")
    wizard.report_page.export()
    assert "Master reset" in (tmp_path / "wipe.html").read_text(encoding="utf-8")


@pytest.mark.usefixtures("no_keyring", "private_home")
def test_without_a_keyring_the_wizard_says_so_and_keeps_passwords_in_memory(qtbot, aloop, lab, tmp_path):
    store = CredentialStore(session_fallback=True)
    wizard = SetupWizard(addresses(lab)[0], store, project=PROJECT)
    qtbot.addWidget(wizard)
    wizard.show()
    run_until(aloop, lambda: wizard.posture is not None)
    note = wizard.posture_page.admin.note.text()
    assert "No usable keyring" in note and "memory only" in note and "Nothing is written to disk" in note
    walk_setup_wizard(qtbot, aloop, wizard)
    assert store.get(key_for(PROJECT, "meter 1", "USER1")) == ADMIN  # for this session
    assert CredentialStore(session_fallback=True).get(key_for(PROJECT, "meter 1", "USER1")) is None
    assert not [p for p in (tmp_path / "home").rglob("*") if p.is_file()]


def test_the_save_dialog_wants_a_passphrase_typed_twice(qtbot):
    dialog = SaveScfDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert dialog.passphrase() is None
    dialog.encrypt.setChecked(True)
    dialog.phrase.setText("long enough")
    assert not ok.isEnabled()
    dialog.again.setText("long enough")
    assert ok.isEnabled() and dialog.passphrase() == "long enough"
    assert dialog.result() != QDialog.DialogCode.Accepted
