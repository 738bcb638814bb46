"""The manifest of a firmware package, its signature, and the signed blob a device checks.

A manifest is UTF-8 JSON. It names the device models, then the components in
install order (upgrade agent, firmware images, template, web pages,
option-module images), each with its version, size and SHA-256, the minimum
version it upgrades from and the intermediate versions a device below that
must pass through. The signature is Ed25519 over the manifest's exact bytes,
kept next to it as ``{"key": KEY_ID, "signature": BASE64}``.

Devices receive the same two texts as one *signed manifest* blob
(:func:`signed_blob`), so that they can check the signature and the image
hash themselves before booting an image.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import struct
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.errors import MeterDeskError
from app.i18n import N_, _
from app.upgrade.keys import TrustedKeys, key_id
from app.upgrade.versions import Version

FORMAT = "meterdesk-firmware-package/1"
KINDS = ("agent", "firmware", "template", "web", "option-module")
#: Kinds the device restarts for once activated.
RESTART_KINDS = ("agent", "firmware")
#: Kinds the ION7400 manual routes over SFTP (ion7400-part2.md §13.2, §13.7).
SFTP_KINDS = ("web", "option-module")
OPTION_MODULES = ("analog", "digital")
_BLOB_MAGIC = b"MDSM"
#: What a component is, by kind (shown through ``_()``).
LABELS = {"agent": N_("Upgrade agent {version}"), "firmware": N_("Firmware {version}"),
          "template": N_("Factory template {version}"), "web": N_("Web pages {version}"),
          "option-module": N_("Option module ({module}) {version}")}  # fmt: skip


class PackageError(MeterDeskError):
    """A package or manifest is refused. ``reason`` is a short code:
    not-a-package, malformed, unsigned, unknown-key, bad-signature or tampered."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


@dataclass(frozen=True)
class Component:
    """One file of a package, in install order."""

    index: int
    kind: str
    file: str
    version: Version
    size: int
    sha256: str
    min_from: Version | None = None
    requires: tuple[Version, ...] = ()
    requires_agent: Version | None = None
    direct_ethernet: bool = False
    module: str = ""

    @property
    def over_sftp(self) -> bool:
        return self.kind in SFTP_KINDS

    @property
    def restarts(self) -> bool:
        return self.kind in RESTART_KINDS

    @property
    def label(self) -> str:
        """What the component is, with its version, in the user's language."""
        return _(LABELS[self.kind]).format(version=self.version, module=self.module)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "file": self.file, "version": str(self.version),
                               "size": self.size, "sha256": self.sha256}  # fmt: skip
        if self.min_from is not None:
            out["min_from"] = str(self.min_from)
        if self.requires:
            out["requires"] = [str(v) for v in self.requires]
        if self.requires_agent is not None:
            out["requires_agent"] = str(self.requires_agent)
        if self.direct_ethernet:
            out["direct_ethernet"] = True
        if self.module:
            out["module"] = self.module
        return out


@dataclass(frozen=True)
class Manifest:
    """What a package holds and for which devices."""

    name: str
    models: tuple[str, ...]
    components: tuple[Component, ...]
    notes: str = ""  # file name of the release notes in the package, if any

    def fits(self, model: str) -> bool:
        """True if the device model string names one of the manifest's models."""
        text = model.upper().replace(" ", "")
        return any(m.upper().replace(" ", "") in text for m in self.models)

    def firmware(self) -> list[Component]:
        return [c for c in self.components if c.kind == "firmware"]

    def to_bytes(self) -> bytes:
        doc = {"format": FORMAT, "name": self.name, "models": list(self.models),
               "components": [c.as_json() for c in self.components]}  # fmt: skip
        if self.notes:
            doc["notes"] = self.notes
        return json.dumps(doc, indent=1).encode("utf-8")


def parse_manifest(data: bytes, where: str = "manifest.json") -> Manifest:
    """Parse and check a manifest; a :class:`PackageError` names the field at fault."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PackageError("malformed", _("{where}: not valid JSON ({error})").format(where=where, error=exc)) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise PackageError("malformed", _("{where}: not a MeterDesk firmware manifest (format {format} expected)").format(
            where=where, format=repr(FORMAT)))
    name = _field(doc, "name", str, where)
    models = _field(doc, "models", list, where)
    if not models or not all(isinstance(m, str) and m for m in models):
        raise PackageError("malformed", _("{where}: 'models' must list at least one model name").format(where=where))
    entries = _field(doc, "components", list, where)
    if not entries:
        raise PackageError("malformed", _("{where}: the package has no components").format(where=where))
    components = tuple(_component(i, e, f"{where} components[{i}]") for i, e in enumerate(entries))
    notes = doc.get("notes", "")
    if not isinstance(notes, str):
        raise PackageError("malformed", _("{where}: 'notes' must be a file name").format(where=where))
    return Manifest(name, tuple(models), components, notes)


def _field(doc: dict, key: str, kind: type, where: str, default: Any = ...) -> Any:
    value = doc.get(key, default)
    if value is ... or value is None and default is ...:
        raise PackageError("malformed", _("{where}: missing field {key}").format(where=where, key=repr(key)))
    if value is None:
        return None
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise PackageError("malformed", _("{where}: field {key} has the wrong type ({value})").format(
            where=where, key=repr(key), value=repr(value)))
    return value


def _version(doc: dict, key: str, where: str) -> Version | None:
    text = _field(doc, key, str, where, None)
    if text is None:
        return None
    try:
        return Version.parse(text, _("field {key}").format(key=repr(key)))
    except MeterDeskError as exc:
        raise PackageError("malformed", f"{where}: {exc}") from None


def _component(index: int, doc: Any, where: str) -> Component:
    if not isinstance(doc, dict):
        raise PackageError("malformed", _("{where}: expected an object").format(where=where))
    kind = _field(doc, "kind", str, where)
    if kind not in KINDS:
        raise PackageError("malformed", _("{where}: kind {kind} is not one of {kinds}").format(
            where=where, kind=repr(kind), kinds=", ".join(KINDS)))
    sha = _field(doc, "sha256", str, where).lower()
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise PackageError("malformed", _("{where}: 'sha256' is not 64 hex digits").format(where=where))
    size = _field(doc, "size", int, where)
    if size <= 0:
        raise PackageError("malformed", _("{where}: 'size' must be positive").format(where=where))
    requires = _field(doc, "requires", list, where, [])
    try:
        required = tuple(Version.parse(v, _("a required intermediate version")) for v in requires)
    except MeterDeskError as exc:
        raise PackageError("malformed", f"{where}: {exc}") from None
    module = _field(doc, "module", str, where, "")
    if kind == "option-module" and module not in OPTION_MODULES:
        raise PackageError("malformed", _("{where}: an option-module image names its module: analog or digital").format(
            where=where))
    return Component(
        index=index,
        kind=kind,
        file=_field(doc, "file", str, where),
        version=_version(doc, "version", where) or Version(0, 0),
        size=size,
        sha256=sha,
        min_from=_version(doc, "min_from", where),
        requires=required,
        requires_agent=_version(doc, "requires_agent", where),
        direct_ethernet=bool(_field(doc, "direct_ethernet", bool, where, False)),
        module=module,
    )


# ---- signatures


def sign(manifest_bytes: bytes, private_key: Ed25519PrivateKey) -> bytes:
    """The signature document for ``manifest_bytes``."""
    doc = {"algorithm": "Ed25519", "key": key_id(private_key.public_key()),
           "signature": base64.b64encode(private_key.sign(manifest_bytes)).decode("ascii")}  # fmt: skip
    return json.dumps(doc).encode("utf-8")


def check_signature(manifest_bytes: bytes, signature_doc: bytes | None, trusted: TrustedKeys,
                    where: str | None = None) -> str:
    """Check the signature of a manifest; returns the signing key's id or raises :class:`PackageError`.

    ``where`` names the package in messages (its file name); "the package" when None.
    """
    package = where or _("the package")
    if not signature_doc:
        raise PackageError("unsigned", _("{package} is not signed; MeterDesk installs only signed packages").format(
            package=package))
    try:
        doc = json.loads(signature_doc.decode("utf-8"))
        kid = str(doc["key"])
        signature = base64.b64decode(doc["signature"], validate=True)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, binascii.Error):
        raise PackageError("unsigned", _("{package}: the signature is unreadable").format(package=package)) from None
    if doc.get("algorithm") != "Ed25519":
        raise PackageError("bad-signature", _("{package} is signed with {algorithm}, not Ed25519").format(
            package=package, algorithm=repr(doc.get("algorithm"))))
    if kid not in trusted:
        raise PackageError("unknown-key", _("{package} is signed by key {key}, which is not a trusted key "
                                            "(a package from another publisher)").format(package=package, key=kid))
    if not trusted.verify(kid, signature, manifest_bytes):
        raise PackageError("bad-signature", _("{package}: the signature does not match its manifest "
                                              "(the manifest was changed after signing)").format(package=package))
    return kid


# ---- the blob a device receives


def signed_blob(manifest_bytes: bytes, signature_doc: bytes) -> bytes:
    """Manifest and signature as one blob: ``MDSM``, manifest length (u32, big-endian), manifest, signature."""
    return _BLOB_MAGIC + struct.pack(">I", len(manifest_bytes)) + manifest_bytes + signature_doc


def split_blob(blob: bytes) -> tuple[bytes, bytes]:
    """The manifest and signature texts of a signed blob."""
    if blob[:4] != _BLOB_MAGIC or len(blob) < 8:
        raise PackageError("malformed", _("not a signed manifest"))
    (size,) = struct.unpack(">I", blob[4:8])
    if 8 + size > len(blob):
        raise PackageError("malformed", _("the signed manifest is cut short"))
    return blob[8 : 8 + size], blob[8 + size :]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
