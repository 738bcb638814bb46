"""Modbus/TCP Security against the simulators serving TLS with certificates made at run time."""

import pytest

from app.modbus.errors import LinkError
from app.modbus.link import Endpoint, ModbusLink
from app.modbus.tls import CertificateChanged, CertificatePins, self_signed
from app.sim.lab import Lab, ion7400_spec


def tls_spec(port: int = 0, **overrides):
    spec = ion7400_spec("secure meter", port=port, tls=True, **overrides)
    spec.services.clear()  # the SFTP site plays no part here
    return spec


@pytest.fixture
async def tls_lab():
    lab = Lab([tls_spec()])
    await lab.start()
    yield lab
    await lab.stop()


def endpoint(lab: Lab) -> Endpoint:
    return Endpoint.parse(lab.served[0].endpoint)


async def test_first_use_pins_the_certificate_then_accepts_it(tls_lab, tmp_path):
    pins = CertificatePins(tmp_path / "pins.json")
    ep = endpoint(tls_lab)
    assert ep.kind == "tls" and tls_lab.served[0].endpoint.startswith("tls://")
    link = ModbusLink(ep, pins=pins)
    await link.connect()
    first = link.certificate
    assert first.trust == "pinned on first use" and first.subject == "CN=secure meter"
    assert pins.pinned(ep.host, ep.port) == first.fingerprint and len(first.fingerprint) == 95
    assert (await link.read_device_identification(1))[1] == b"METSEION7400"
    link.close()

    again = ModbusLink(ep, pins=pins)
    await again.connect()
    assert again.certificate.trust == "matches the pinned certificate"
    assert again.certificate.fingerprint == first.fingerprint
    again.close()


async def test_a_changed_certificate_is_refused_naming_both_fingerprints(tmp_path):
    pins = CertificatePins(tmp_path / "pins.json")
    old_lab = Lab([tls_spec()])
    await old_lab.start()
    ep = endpoint(old_lab)
    link = ModbusLink(ep, pins=pins)
    await link.connect()
    pinned = link.certificate.fingerprint
    link.close()
    await old_lab.stop()

    new_lab = Lab([tls_spec(port=ep.port)])  # same address, new self-signed certificate
    await new_lab.start()
    try:
        link = ModbusLink(ep, pins=pins)
        with pytest.raises(CertificateChanged) as caught:
            await link.connect()
        change = caught.value
        assert change.pinned == pinned and change.offered.fingerprint != pinned
        assert pinned in str(change) and change.offered.fingerprint in str(change)
        assert not link.connected
        assert new_lab.buses["secure meter"].requests == 0  # nothing was sent to the impostor
        assert pins.pinned(ep.host, ep.port) == pinned  # never accepted silently
        with pytest.raises(CertificateChanged):
            await link.read_registers(3, 2999, 2, unit=1)  # nor on a later request
        assert new_lab.buses["secure meter"].requests == 0

        pins.pin(ep.host, ep.port, change.offered)  # what the user's "trust" button does
        await link.connect()
        assert link.certificate.trust == "matches the pinned certificate"
        link.close()
    finally:
        await new_lab.stop()


async def test_client_certificate_when_the_server_requires_one(tmp_path):
    cert, key = self_signed("commissioning laptop", hosts=("localhost",))
    (tmp_path / "me.pem").write_bytes(cert)
    (tmp_path / "me.key").write_bytes(key)
    lab = Lab([tls_spec(tls_client_ca=cert)])
    await lab.start()
    pins = CertificatePins(tmp_path / "pins.json")
    try:
        plain = endpoint(lab)
        with_cert = Endpoint.tls(f"{plain.host}:{plain.port}", str(tmp_path / "me.pem"), str(tmp_path / "me.key"))
        link = ModbusLink(with_cert, pins=pins, timeout=1.0)
        words = await link.read_registers(3, 2999, 2, unit=1)
        assert len(words) == 2
        link.close()

        anonymous = ModbusLink(plain, pins=pins, timeout=0.5, retries=0)
        with pytest.raises(LinkError) as caught:
            await anonymous.read_registers(3, 2999, 2, unit=1)
        assert caught.value.kind == "tls" and "client certificate" in str(caught.value)
        anonymous.close()
    finally:
        await lab.stop()


def test_unusable_client_certificate_names_the_file(tmp_path):
    missing = tmp_path / "nope.pem"
    with pytest.raises(LinkError, match=r"nope.pem: cannot use this client certificate and key"):
        ModbusLink(Endpoint.tls("127.0.0.1", str(missing)), pins=CertificatePins(tmp_path / "p.json"))


async def test_plain_modbus_on_a_tls_port_is_a_clear_handshake_error(tmp_path):
    lab = Lab([ion7400_spec("plain", port=0)])
    lab.specs[0].services.clear()
    await lab.start()
    try:
        plain = Endpoint.parse(lab.served[0].endpoint)
        link = ModbusLink(Endpoint.tls(f"{plain.host}:{plain.port}"), pins=CertificatePins(tmp_path / "p.json"),
                          timeout=0.5)
        with pytest.raises(LinkError, match="TLS handshake failed") as caught:
            await link.connect()
        assert caught.value.kind == "tls"
    finally:
        await lab.stop()


def test_tls_endpoints_parse_with_port_802_by_default():
    assert Endpoint.parse("tls://meter.local").port == 802
    assert Endpoint.parse("tls://10.0.0.2:8802").label == "tls://10.0.0.2:8802"
