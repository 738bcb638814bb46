"""Modbus/TCP Security (Modbus over TLS, port 802): contexts, pinned certificates, test certificates.

Meters ship with self-signed certificates that no authority vouches for, so
MeterDesk trusts a server's certificate on first use and pins its SHA-256
fingerprint (:class:`CertificatePins`, a JSON file in the user data folder).
A different certificate later raises :class:`CertificateChanged`, naming both
fingerprints, before any Modbus request is sent; only the user can trust the
new one (:meth:`CertificatePins.pin`).

A client certificate (PEM, with an unencrypted PEM key) is sent when the site
gives one; the Modbus/TCP Security specification expects servers to ask for it.

:func:`self_signed` makes the certificates the simulators serve, generated at
run time with the ``cryptography`` library.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import os
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.i18n import _
from app.modbus.errors import LinkError
from app.project.paths import data_dir

MODBUS_TLS_PORT = 802  # Modbus/TCP Security (IANA "mbap-s")


@dataclass(frozen=True)
class PeerCertificate:
    """The certificate a server presented: its fingerprint, subject, expiry, and how it was trusted."""

    fingerprint: str  # SHA-256, "AB:CD:…"
    subject: str
    not_after: str  # ISO date
    trust: str  # "pinned on first use" or "matches the pinned certificate"


class CertificateChanged(LinkError):
    """The server's certificate differs from the pinned one; the connection was closed unused."""

    def __init__(self, host: str, port: int, pinned: str, offered: PeerCertificate) -> None:
        self.host, self.port, self.pinned, self.offered = host, port, pinned, offered
        super().__init__(
            "certificate", f"{host}:{port}",
            _("the TLS certificate has changed (pinned {pinned}, now {offered}, subject {subject}). This "
              "happens when the device is replaced or its certificate renewed, but also when another machine "
              "answers in its place; nothing was sent. Trust the new certificate only if you expected the "
              "change.").format(pinned=pinned, offered=offered.fingerprint, subject=offered.subject),
        )  # fmt: skip


def fingerprint(der: bytes) -> str:
    """SHA-256 fingerprint of a DER certificate, as colon-separated hex pairs."""
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


def describe(der: bytes, trust: str) -> PeerCertificate:
    cert = x509.load_der_x509_certificate(der)
    return PeerCertificate(fingerprint(der), cert.subject.rfc4514_string() or _("(no subject)"),
                           cert.not_valid_after_utc.date().isoformat(), trust)


class CertificatePins:
    """Server certificate fingerprints pinned per ``host:port``, in a JSON file (no secrets)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @classmethod
    def default(cls) -> CertificatePins:
        """The user's pin store, ``tls_pins.json`` in the data folder."""
        return cls(data_dir() / "tls_pins.json")

    def _load(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise LinkError("certificate", str(self.path),
                            _("cannot read the pinned certificates ({reason})").format(reason=exc)) from None
        if not isinstance(data, dict):
            raise LinkError("certificate", str(self.path), _("the pinned-certificates file is not a JSON object"))
        return data

    def _save(self, pins: dict[str, dict[str, str]]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(self.path.name + ".part")
            tmp.write_text(json.dumps(pins, indent=1, sort_keys=True), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            raise LinkError("certificate", str(self.path),
                            _("cannot save the pinned certificates ({reason})").format(reason=exc)) from None

    def pinned(self, host: str, port: int) -> str | None:
        """The SHA-256 fingerprint pinned for ``host:port``, if any."""
        entry = self._load().get(f"{host}:{port}")
        return entry.get("sha256") if isinstance(entry, dict) else None

    def pin(self, host: str, port: int, cert: PeerCertificate) -> None:
        """Trust ``cert`` for ``host:port`` from now on (replacing any earlier pin)."""
        pins = self._load()
        pins[f"{host}:{port}"] = {"sha256": cert.fingerprint, "subject": cert.subject,
                                  "pinned": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
        self._save(pins)

    def forget(self, host: str, port: int) -> None:
        pins = self._load()
        if pins.pop(f"{host}:{port}", None) is not None:
            self._save(pins)

    def check(self, host: str, port: int, der: bytes) -> PeerCertificate:
        """Pin an unknown server's certificate, accept the pinned one, refuse any other."""
        offered = fingerprint(der)
        pinned = self.pinned(host, port)
        if pinned is None:
            cert = describe(der, _("pinned on first use"))
            self.pin(host, port, cert)
            return cert
        if pinned != offered:
            raise CertificateChanged(host, port, pinned, describe(der, _("refused: differs from the pinned one")))
        return describe(der, _("matches the pinned certificate"))


def client_context(client_cert: str = "", client_key: str = "") -> ssl.SSLContext:
    """TLS 1.2+ client context; the server's certificate is checked by pinning, not by a CA."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    if client_cert:
        try:
            context.load_cert_chain(client_cert, client_key or None)
        except (OSError, ssl.SSLError) as exc:
            raise LinkError("certificate", client_cert,
                            _("cannot use this client certificate and key ({reason})").format(
                                reason=getattr(exc, "strerror", None) or exc)) from None
    return context


def server_context(cert_pem: bytes, key_pem: bytes, client_ca_pem: bytes | None = None) -> ssl.SSLContext:
    """TLS server context from PEM bytes; with ``client_ca_pem`` clients must present a certificate it signed."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    with tempfile.TemporaryDirectory(prefix="meterdesk-tls-") as folder:  # ssl loads chains from files only
        cert_file, key_file = Path(folder, "cert.pem"), Path(folder, "key.pem")
        cert_file.write_bytes(cert_pem)
        key_file.write_bytes(key_pem)
        context.load_cert_chain(cert_file, key_file)
    if client_ca_pem is not None:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(cadata=client_ca_pem.decode("ascii"))
    return context


def self_signed(common_name: str, hosts: tuple[str, ...] = ("127.0.0.1", "localhost"),
                days: int = 365) -> tuple[bytes, bytes]:
    """A fresh self-signed certificate and its key (EC P-256), both PEM, as meters ship them."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), key_pem
