"""Applying security against simulated meters: audit before and after, enforcement, fleet password updates.

Passwords go to a real Secret Service (GNOME Keyring on a private D-Bus).
"""

from __future__ import annotations

import pytest

from app.modbus.link import Endpoint
from app.profiles import profile_by_id
from app.security import accounts as acc
from app.security.apply import (
    UNCHANGED,
    UNKNOWN,
    VERIFIED,
    PasswordJob,
    apply_security,
    apply_to_many,
    connect,
    generate_password,
    key_for,
    pending_key,
    update_passwords,
)
from app.security.audit import Severity, audit
from app.security.client import LockedOut, LoginRefused
from app.security.config import SecurityConfig
from app.security.credentials import CredentialStore
from app.security.password_policy import ion7400_policy
from app.session import DeviceAddress
from app.sim.lab import LabThread, ion7400_spec

PROJECT = "substation-7"
ION = profile_by_id("ion7400")
HARDENED = {
    "password_complexity": 2, "min_password_length": 8, "modbus_access": 1, "ion_enabled": 0,
    "sftp_enabled": 0, "broadcast_time_sync": 0, **{f"lockout_{c}": 5 for c in acc.CHANNELS},
}  # fmt: skip


def _addresses(lab) -> list[DeviceAddress]:
    return [DeviceAddress(s.name, s.profile, Endpoint.parse(s.endpoint), s.unit)
            for s in lab.served if s.endpoint.startswith("tcp://")]


@pytest.fixture
def meters(request):
    count = getattr(request, "param", 1)
    specs = [ion7400_spec(f"meter {k}", port=0, services=[]) for k in range(1, count + 1)]
    with LabThread(specs) as lab:
        yield lab.lab, _addresses(lab.lab)


async def test_the_audit_finds_the_factory_state_and_is_clean_after_hardening(meters, secret_service):
    lab, (address,) = meters
    store = CredentialStore()
    async with connect(address) as client:
        before = audit(await client.read_posture())
    titles = {f.key: f.severity for f in before.findings}
    assert titles["factory-password-1"] == titles["factory-password-2"] == Severity.HIGH
    assert titles["modbus-programming"] == Severity.HIGH and titles["protocol-ion"] == Severity.MEDIUM
    assert titles["complexity"] == titles["protocol-sftp"] == titles["time-sync"] == Severity.LOW
    assert not before.clean

    target = SecurityConfig("ion7400", dict(HARDENED), passwords={1: "Adm1n-2024!x", 2: "View3r-2024?"})
    async with connect(address) as client:
        report = await apply_security(client, target, admin_password="0", store=store, project=PROJECT)
    assert report.ok, report.summary()
    assert [o.status for o in report.outcomes][-2:] == [VERIFIED, VERIFIED]
    assert store.get(key_for(PROJECT, address.name, "USER1")) == "Adm1n-2024!x"
    assert store.get(key_for(PROJECT, address.name, "USER2")) == "View3r-2024?"
    assert store.get(pending_key(key_for(PROJECT, address.name, "USER1"))) is None

    async with connect(address) as client:
        after = audit(await client.read_posture())
        assert after.clean, [f.title for f in after.findings if f.severity > Severity.INFO]
        # the meter enforces what was set: the old password is gone, five failures lock USER1 out
        with pytest.raises(LoginRefused):
            await client.login(1, "0")
        for _ in range(4):
            with pytest.raises(LoginRefused):
                await client.login(1, "wrong")
        with pytest.raises(LockedOut):
            await client.login(1, "Adm1n-2024!x")
    device = lab.devices[address.name]
    assert device.settings["sftp_enabled"] == 0 and device.settings["ion_enabled"] == 0


async def test_nothing_is_sent_when_the_configuration_is_wrong(meters, secret_service):
    lab, (address,) = meters
    target = SecurityConfig("ion7400", {"password_complexity": 1, "min_password_length": 4}, passwords={2: "short"})
    async with connect(address) as client:
        requests = lab.buses[address.name].requests
        report = await apply_security(client, target, admin_password="0", store=CredentialStore(), project=PROJECT)
        assert lab.buses[address.name].requests - requests < 10  # the posture reads only
    assert "the manual requires at least 6" in report.error and "USER2 password" in report.error
    assert lab.devices[address.name].settings["password_complexity"] == 0


@pytest.mark.parametrize("meters", [5], indirect=True)
async def test_fleet_update_with_one_meter_failing_mid_way(meters, secret_service):
    lab, addresses = meters
    store = CredentialStore()
    for a in addresses:
        store.set(key_for(PROJECT, a.name, "USER1"), "0")
    policy = ion7400_policy()
    jobs = [PasswordJob(a, {1: generate_password(policy)}) for a in addresses]
    failing = addresses[2].name
    pw_block = ION.register("password_account")
    lab.buses[failing].faults.raise_exception(3, pw_block.address, pw_block.end + 24, 4)  # server failure

    reports = await update_passwords(jobs, store, project=PROJECT)

    assert [r.device for r in reports] == [a.name for a in addresses]
    for job, report in zip(jobs, reports):
        name, new = job.address.name, job.passwords[1]
        sim = lab.devices[name].security
        kept = store.get(key_for(PROJECT, name, "USER1"))
        assert store.get(pending_key(key_for(PROJECT, name, "USER1"))) is None
        if name == failing:
            assert [o.status for o in report.outcomes] == [UNCHANGED] and not report.ok
            assert "keeps the old password" in report.outcomes[0].message
            assert kept == "0" and sim.password_matches(1, "0")
        else:
            assert [o.status for o in report.outcomes] == [VERIFIED] and report.ok
            assert kept == new and sim.password_matches(1, new)


async def test_a_meter_that_cannot_be_asked_keeps_both_passwords_in_the_keyring(meters, secret_service):
    lab, (address,) = meters
    store = CredentialStore()
    store.set(key_for(PROJECT, address.name, "USER1"), "0")
    bus = lab.buses[address.name]
    pw_block = ION.register("password_account")
    # the meter takes the new password but every answer from then on comes too late
    original = bus.answer

    async def late_after_password(request, serial_line):
        if getattr(request, "address", None) == pw_block.address:
            bus.faults.delay = 0.6
        return await original(request, serial_line)

    bus.answer = late_after_password
    job = PasswordJob(address, {1: "N3w-Passw0rd"})
    (report,) = await update_passwords([job], store, project=PROJECT, timeout=0.3)
    assert [o.status for o in report.outcomes] == [UNKNOWN]
    assert "USER1 (pending)" in report.outcomes[0].message
    key = key_for(PROJECT, address.name, "USER1")
    candidates = {store.get(key), store.get(pending_key(key))}
    assert candidates == {"0", "N3w-Passw0rd"}
    assert any(lab.devices[address.name].security.password_matches(1, pw) for pw in candidates)


async def test_a_wrong_admin_password_changes_nothing(meters, secret_service):
    lab, (address,) = meters
    store = CredentialStore()
    store.set(key_for(PROJECT, address.name, "USER1"), "not-it")
    (report,) = await update_passwords([PasswordJob(address, {2: "View3r-2024?"})], store, project=PROJECT)
    assert "refused the password" in report.error and not report.ok
    assert lab.devices[address.name].security.password_matches(2, "0")


@pytest.mark.parametrize("meters", [2], indirect=True)
async def test_apply_to_many_checks_capability_first(meters, secret_service):
    lab, addresses = meters
    store = CredentialStore()
    for a in addresses:
        store.set(key_for(PROJECT, a.name, "USER1"), "0")
    bcpme = DeviceAddress("board", "bcpme", addresses[0].endpoint, 1)
    config = SecurityConfig("ion7400", {"lockout_1": 4, "broadcast_time_sync": 0})
    reports = await apply_to_many(config, [*addresses, bcpme], store, project=PROJECT)
    assert [r.ok for r in reports] == [True, True, False]
    assert "insufficient capability: the file is for ion7400, this device is bcpme" in reports[2].error
    assert all(lab.devices[a.name].settings["lockout_1"] == 4 for a in addresses)


@pytest.fixture
def gateway():
    from app.sim.iskra import iskra_sg_specs

    with LabThread(iskra_sg_specs(0, None)) as lab:
        yield lab.lab


async def test_iskra_secrets_are_written_and_kept_in_the_keyring_only(gateway, secret_service):
    served = next(s for s in gateway.served if s.name == "Iskra SG-W1")
    address = DeviceAddress("SG", "iskra-sg", Endpoint.parse(served.endpoint), 34)
    store = CredentialStore()
    sg = gateway.devices["Iskra SG-W1"]
    target = SecurityConfig("iskra-sg", {"upgrade_certificate": sg.certificates[1]},
                            secrets={"wifi_password": "short"})
    async with connect(address) as client:
        refused = await apply_security(client, target, admin_password=None, store=store, project=PROJECT)
        assert "Wi-Fi password: 5 characters, the minimum is 8" in refused.error
        target.secrets = {"wifi_password": "Lab-WiFi-2024", "push1_mqtt_password": "broker-secret"}
        report = await apply_security(client, target, admin_password=None, store=store, project=PROJECT)
    assert report.ok and [o.status for o in report.outcomes] == ["verified", "written", "written"]
    assert sg.settings["wifi_password"] == "Lab-WiFi-2024" and sg.settings["upgrade_certificate"] == sg.certificates[1]
    assert store.get(key_for(PROJECT, "SG", "Wi-Fi password")) == "Lab-WiFi-2024"
    assert store.get(key_for(PROJECT, "SG", "MQTT password, link 1")) == "broker-secret"
