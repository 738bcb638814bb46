"""Simulated device security over real sockets: login, lockouts, sessions, Modbus access, events, wipe."""

from __future__ import annotations

import asyncio

import asyncssh
import pytest

from app.drivers import open_device
from app.modbus.errors import ModbusExceptionError
from app.modbus.link import Endpoint, ModbusLink
from app.profiles import profile_by_id
from app.security import accounts as acc
from app.security import wire
from app.security.client import (
    LockedOut,
    LoginRefused,
    NotPermitted,
    PasswordRefused,
    SecurityClient,
)
from app.sim.bcpme import BcpmeSimulator
from app.sim.iskra import iskra_sg_specs
from app.sim.lab import LabThread, bcpme_specs, ion7400_spec

ION = profile_by_id("ion7400")


@pytest.fixture(scope="module")
def lab():
    specs = [ion7400_spec("meter", port=0), *bcpme_specs("board", port=0), *iskra_sg_specs(0, None)]
    with LabThread(specs) as running:
        yield running.lab


def _endpoint(lab, name: str) -> Endpoint:
    return Endpoint.parse(next(s.endpoint for s in lab.served if s.name == name and "://" in s.endpoint
                               and not s.endpoint.startswith("sftp")))


@pytest.fixture
async def meter(lab):
    """A fresh ION7400 simulator state and a client on it."""
    device = lab.devices["meter"]
    device.apply_settings({r.name: r.default for r in ION.registers
                           if r.group == "security" and r.default is not None})
    device.apply_settings({"modbus_access": 2})
    device.security.restore_factory_accounts()
    link = ModbusLink(_endpoint(lab, "meter"), timeout=1.0, retries=0)
    await link.connect()
    yield device, SecurityClient(open_device(ION, link, 1, "meter"))
    link.close()


async def test_factory_accounts_log_in_with_password_0_and_wrong_ones_are_refused(meter):
    device, client = meter
    await client.login(1, "0")
    assert device.security.session.account == 1 and device.security.session.rights == acc.ALL_RIGHTS
    with pytest.raises(LoginRefused, match="USER2 on meter .ION / Secure ION.: the device refused the password"):
        await client.login(2, "1")
    with pytest.raises(LoginRefused):
        await client.login(3, "0")  # USER3..USER50 are not enabled (L1676)
    posture = await client.read_posture()
    states = {a.account: (a.rights, a.has_password, a.factory_password) for a in posture.accounts[:3]}
    assert states == {1: (127, True, True), 2: (acc.READ_ONLY, True, True), 3: (0, False, False)}


async def test_a_replayed_login_is_refused(meter):
    _device, client = meter
    link, p = client.device.link, ION
    values = await client.device.read(["security_salt", "login_nonce"])
    salt = values["security_salt"].to_bytes(8, "big")
    nonce = values["login_nonce"].to_bytes(8, "big")
    proof = wire.login_proof(wire.verifier(salt, 1, "0"), nonce, acc.ION, 1)
    message = [acc.ION, 1, *wire.to_words(proof)]
    await link.write_registers(p.register("login_channel").address, message, 1)
    with pytest.raises(ModbusExceptionError) as err:
        await link.write_registers(p.register("login_channel").address, message, 1)
    assert err.value.code == 3


async def test_lockout_after_the_configured_failures_per_channel_until_it_ends(meter):
    device, client = meter
    await client.login(1, "0")
    await client.write_settings({"lockout_1": 5, "lockout_duration": 10})
    await client.logout()
    for _ in range(5):
        with pytest.raises(LoginRefused):
            await client.login(2, "wrong")
    with pytest.raises(LockedOut, match="locked out"):
        await client.login(2, "0")  # the right password is refused while locked
    assert (await client.read_posture()).locked == {acc.ION: 1}
    await client.login(2, "0", channel=acc.FRONT_PANEL)  # other channels have their own counters
    await client.login(1, "0")  # and other accounts are not locked
    device.security.advance(9 * 60)
    with pytest.raises(LockedOut):
        await client.login(2, "0")
    device.security.advance(61)
    await client.login(2, "0")


async def test_zero_attempts_never_locks(meter):
    _device, client = meter
    await client.login(1, "0")
    await client.write_settings({"lockout_3": 0})
    for _ in range(12):
        with pytest.raises(LoginRefused):
            await client.login(2, "wrong", channel=acc.SSH)
    await client.login(2, "0", channel=acc.SSH)


async def test_security_writes_need_a_session_with_security_config(meter):
    device, client = meter
    results = await client.write_settings({"lockout_1": 3})
    assert results[0].status == "failed" and "exception 01" in results[0].message
    await client.login(2, "0")  # the viewer has Read only
    assert (await client.write_settings({"lockout_1": 3}))[0].status == "failed"
    with pytest.raises(NotPermitted):
        await client.set_password(2, "abc", {})
    await client.login(1, "0")
    assert (await client.write_settings({"lockout_1": 3}))[0].ok
    device.security.advance(301)  # the ION session times out after 5 idle minutes (L2956)
    assert (await client.write_settings({"lockout_1": 4}))[0].status == "failed"


async def test_modbus_access_decides_who_writes_settings(meter):
    _device, client = meter
    assert (await client.write_settings({"ct_primary": 300}))[0].ok  # Read/Write: no login needed
    await client.login(1, "0")
    assert (await client.write_settings({"modbus_access": 1}))[0].ok
    await client.logout()
    assert (await client.write_settings({"ct_primary": 400}))[0].status == "failed"  # Read Only
    await client.login(2, "0")
    assert (await client.write_settings({"ct_primary": 400}))[0].status == "failed"  # no Full meter config
    await client.login(1, "0")
    assert (await client.write_settings({"ct_primary": 400, "dnp_port": 20001}))[0].ok
    assert (await client.write_settings({"modbus_access": 0}))[0].ok
    with pytest.raises(ModbusExceptionError) as err:
        await client.device.link.read_registers(3, ION.register("ct_primary").address, 1, 1)
    assert err.value.code == 2  # None: the built-in map is off (L1162-L1167)
    assert (await client.read_posture()).settings["modbus_access"] == 0  # the security block still answers


async def test_new_passwords_follow_the_policy_and_only_the_new_one_works(meter):
    device, client = meter
    await client.login(1, "0")
    await client.write_settings({"min_password_length": 8, "password_complexity": 2})
    settings = {"password_complexity": 2, "min_password_length": 8}
    with pytest.raises(PasswordRefused, match="needs 3 of these"):
        await client.set_password(2, "abcdefgh", settings)
    with pytest.raises(PasswordRefused, match="breaks the device's password rules"):
        await client.set_password(2, "abcdefgh", {})  # the device checks too
    await client.set_password(2, "Viewer-2024", settings)
    assert device.security.password_matches(2, "Viewer-2024")
    assert await client.verify_password(2, "Viewer-2024")
    assert not await client.verify_password(2, "0")
    assert (await client.read_posture()).accounts[1].factory_password is False


async def test_complexity_needs_a_minimum_of_six(meter):
    _device, client = meter
    await client.login(1, "0")
    assert (await client.write_settings({"password_complexity": 1}))[0].status == "failed"  # min length 1
    assert [r.ok for r in await client.write_settings({"min_password_length": 6, "password_complexity": 1})] == [
        True, True]


async def test_standard_mode_has_one_numeric_account(meter):
    _device, client = meter
    await client.login(1, "0")
    await client.write_settings({"security_mode": 0})
    with pytest.raises(PasswordRefused):
        await client.set_password(1, "Abc-12345", {"security_mode": 0})
    await client.set_password(1, "12345678", {"security_mode": 0})
    with pytest.raises(LoginRefused):
        await client.login(2, "0")
    await client.login(1, "12345678")


async def test_access_events_carry_the_configured_priorities(meter):
    device, client = meter
    device.security.clear_events()
    start = device.security._next_event
    await client.login(1, "0")  # valid logins: priority 0, not recorded
    await client.write_settings({"priority_valid_login": 40, "priority_invalid_login": 3})
    await client.login(1, "0")
    with pytest.raises(LoginRefused):
        await client.login(2, "nope")  # priority 3: not recorded (<= 5)
    events = await client.read_events(start)
    assert [(e.text, e.priority, e.account) for e in events] == [
        ("Security settings changed", 128, "USER1"), ("Security settings changed", 128, "USER1"),
        ("Valid login", 40, "USER1")]
    assert events[-1].band == "Info only"


async def test_repeated_invalid_ion_logins_are_logged_once_per_event_timeout(meter):
    device, client = meter
    device.security.clear_events()
    start = device.security._next_event
    for _ in range(3):
        with pytest.raises(LoginRefused):
            await client.login(2, "nope")
    device.security.advance(31 * 60)
    with pytest.raises(LoginRefused):
        await client.login(2, "nope")
    with pytest.raises(LoginRefused):
        await client.login(2, "nope", channel=acc.WEB)  # the event timeout is for ION only
    events = await client.read_events(start)
    assert [(e.text, e.channel) for e in events] == [("Invalid login", "ION / Secure ION")] * 2 + [
        ("Invalid login", "Web (HTTPS)")]


async def test_the_event_window_pages_through_many_events(meter):
    device, client = meter
    device.security.clear_events()
    start = device.security._next_event
    await client.login(1, "0")
    await client.write_settings({"priority_valid_login": 64})
    for _ in range(20):
        await client.login(1, "0")
    events = await client.read_events(start)
    assert len(events) == 21 and [e.number for e in events] == list(range(start, start + 21))
    assert len(await client.read_events(start, limit=5)) == 5


async def test_decommissioning_wipes_in_steps(meter):
    device, client = meter
    await client.login(1, "0")
    await client.set_password(1, "Admin-2024!", {})
    await client.login(1, "Admin-2024!")
    await client.write_settings({"pf_convention": 1, "lockout_1": 2})
    for step in range(1, 7):
        await client.decommission(step)
    flash = device.security.flash
    assert flash.template == "factory" and not flash.documents and flash.certificate is None
    assert device.settings["pf_convention"] == 0 and device.settings["lockout_1"] == 8  # factory values
    with pytest.raises(NotPermitted):  # default security ended the session
        await client.decommission(7)
    await client.login(1, "0")  # the factory password is back
    for step in (7, 8, 9):
        await client.decommission(step)
    assert device.value("decommission_done") == 0b1_1111_1111
    assert device.system.energies.wh_del == 0 and device.value("meter_name") == ""


async def test_bcpme_admin_logs_in_with_its_label_password_on_panel_1(lab):
    panel1: BcpmeSimulator = lab.devices["board panel 1"]
    label = panel1.security.factory_passwords[1]
    assert len(label) == 16 and not any(c.isspace() for c in label)
    link = ModbusLink(_endpoint(lab, "board panel 1"), timeout=1.0, retries=0)
    await link.connect()
    try:
        bcpme = profile_by_id("bcpme")
        client = SecurityClient(open_device(bcpme, link, 1, "board"))
        posture = await client.read_posture()
        assert posture.settings["web_security_mode"] == 0 and posture.accounts[0].factory_password
        with pytest.raises(LoginRefused):
            await client.login(1, "0")
        await client.login(1, label)
        assert (await client.write_settings({"web_security_mode": 1}))[0].ok
        await client.set_password(1, "Board-admin-2024", {})
        assert panel1.security.password_matches(1, "Board-admin-2024")
        with pytest.raises(ModbusExceptionError) as err:  # panel 2's unit has no security block
            await link.read_registers(3, bcpme.register("login_nonce").address, 4, 2)
        assert err.value.code == 2
    finally:
        link.close()


async def test_iskra_sg_lists_its_certificates_and_checks_the_upgrade_one(lab):
    sg = lab.devices["Iskra SG-W1"]
    link = ModbusLink(_endpoint(lab, "Iskra SG-W1"), timeout=1.0, retries=0)
    await link.connect()
    try:
        device = open_device(profile_by_id("iskra-sg"), link, 34, "sg")
        values = await device.read([f"certificate_{n}" for n in range(1, 5)])
        assert [v for v in values.values() if v] == sg.certificates
        assert (await device.write({"upgrade_certificate": sg.certificates[0]}))[0].ok
        assert (await device.write({"upgrade_certificate": "missing.pem"}))[0].status == "failed"
    finally:
        link.close()


def test_label_passwords_differ_between_boards():
    assert len({BcpmeSimulator(profile_by_id("bcpme")).security.factory_passwords[1] for _ in range(3)}) == 3


async def test_sessions_survive_concurrent_reads(meter):
    device, client = meter
    await client.login(1, "0")
    await asyncio.gather(*(client.device.read(["lockout_1"]) for _ in range(5)))
    assert device.security.session is not None


async def test_the_sftp_site_uses_the_meters_accounts_lockout_and_switch(lab, meter):

    _device, client = meter
    host, port = next(s.endpoint for s in lab.served if s.name == "meter" and s.endpoint.startswith("sftp"))[7:].split(":")

    async def sftp_login(user: str, password: str) -> bool:
        try:
            async with asyncssh.connect(host, int(port), username=user, password=password, known_hosts=None,
                                        preferred_auth="password", login_timeout=5) as conn, \
                    conn.start_sftp_client() as sftp:
                return "COMTRADE_1" in await sftp.listdir("/")
        except (asyncssh.PermissionDenied, asyncssh.DisconnectError, ConnectionError, OSError):
            return False

    assert await sftp_login("USER1", "0")
    await client.login(1, "0")
    await client.set_password(2, "Viewer-2024", {})
    await client.write_settings({"lockout_3": 2})
    assert not await sftp_login("user2", "0") and await sftp_login("USER02", "Viewer-2024")
    assert not await sftp_login("USER2", "x") and not await sftp_login("USER2", "y")
    assert not await sftp_login("USER2", "Viewer-2024")  # locked out on the SSH channel
    await client.login(2, "Viewer-2024")  # still fine over ION
    await client.login(1, "0")
    await client.write_settings({"sftp_enabled": 0})
    assert not await sftp_login("USER1", "0")  # the switch is off: no new session
