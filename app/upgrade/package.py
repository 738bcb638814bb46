"""Firmware packages: a ZIP holding a signed manifest, the component files and release notes.

:func:`open_package` refuses, with the reason, a file that is not a ZIP, a
package without a manifest or signature, one signed by a key MeterDesk does
not trust, a manifest changed after signing, and a component whose bytes do
not match the manifest's size and SHA-256. :func:`build_package` writes one
(used by ``scripts/build_firmware_package.py`` and the tests).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.i18n import _
from app.upgrade.keys import TrustedKeys
from app.upgrade.manifest import (
    Component,
    Manifest,
    PackageError,
    check_signature,
    parse_manifest,
    sha256,
    sign,
    signed_blob,
)
from app.upgrade.versions import Version

MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
MAX_MEMBER_BYTES = 256 * 1024 * 1024  # no component of a meter package comes near this


@dataclass(frozen=True)
class Package:
    """An opened, verified package. Component bytes are read (and checked again) on demand."""

    path: Path
    manifest: Manifest
    manifest_bytes: bytes
    signature: bytes
    key: str  # id of the key that signed it
    release_notes: str
    sha256: str  # of the whole ZIP file: names a package in logs and resume state

    @property
    def blob(self) -> bytes:
        """The signed manifest as devices receive it."""
        return signed_blob(self.manifest_bytes, self.signature)

    def read(self, component: Component) -> bytes:
        """The bytes of ``component``, checked against the manifest."""
        try:
            with zipfile.ZipFile(self.path) as z:
                data = _read_member(z, component.file)
        except (OSError, zipfile.BadZipFile) as exc:
            raise PackageError("not-a-package", _("{path}: cannot read the package ({error})").format(
                path=self.path, error=exc)) from None
        _check_component(component, data, self.path)
        return data


def open_package(path: str | Path, trusted: TrustedKeys) -> Package:
    """Open and verify a package: signature, manifest, and every component's size and SHA-256."""
    path = Path(path)
    try:
        whole = path.read_bytes()
    except OSError as exc:
        raise PackageError("not-a-package", _("cannot read {path}: {error}").format(
            path=path, error=exc.strerror or exc)) from None
    try:
        with zipfile.ZipFile(io.BytesIO(whole)) as z:  # the bytes hashed are the bytes checked, read once
            names = set(z.namelist())
            if MANIFEST_NAME not in names:
                raise PackageError("not-a-package", _("{package} has no {manifest}: not a MeterDesk firmware package").format(
                    package=path.name, manifest=MANIFEST_NAME))
            manifest_bytes = _read_member(z, MANIFEST_NAME)
            signature = _read_member(z, SIGNATURE_NAME) if SIGNATURE_NAME in names else b""
            kid = check_signature(manifest_bytes, signature, trusted, path.name)
            manifest = parse_manifest(manifest_bytes, f"{path.name}: {MANIFEST_NAME}")
            for component in manifest.components:
                if component.file not in names:
                    raise PackageError("tampered", _("{package}: the manifest lists {file}, which is not in the package").format(
                        package=path.name, file=component.file))
                _check_component(component, _read_member(z, component.file), path)
            notes = ""
            if manifest.notes:
                if manifest.notes not in names:
                    raise PackageError("tampered", _("{package}: the release notes {file} are missing").format(
                        package=path.name, file=manifest.notes))
                notes = _read_member(z, manifest.notes).decode("utf-8", errors="replace")
    except zipfile.BadZipFile:
        raise PackageError("not-a-package", _("{package} is not a ZIP file").format(package=path.name)) from None
    except (NotImplementedError, RuntimeError, EOFError) as exc:  # unknown compression, encrypted member
        raise PackageError("not-a-package", _("{package} cannot be read as a package ({error})").format(
            package=path.name, error=exc)) from None
    return Package(path, manifest, manifest_bytes, signature, kid, notes, sha256(whole))


def _read_member(z: zipfile.ZipFile, name: str) -> bytes:
    info = z.getinfo(name)
    if info.file_size > MAX_MEMBER_BYTES:
        raise PackageError("malformed", _("{file} in the package is implausibly large ({size} bytes)").format(
            file=name, size=info.file_size))
    try:
        return z.read(info)
    except zipfile.BadZipFile as exc:  # CRC error of the member: damaged or altered
        raise PackageError("tampered", _("{file} in the package is damaged ({error})").format(file=name, error=exc)) from None


def _check_component(component: Component, data: bytes, path: Path) -> None:
    if len(data) != component.size or sha256(data) != component.sha256:
        raise PackageError("tampered", _("{package}: {file} does not match its SHA-256 in the signed manifest "
                                         "(the file was changed or damaged)").format(package=path.name, file=component.file))


# ---- building


@dataclass(frozen=True)
class ComponentSource:
    """A file to put into a package, with what the manifest says about it."""

    kind: str
    file: str
    data: bytes
    version: str
    min_from: str | None = None
    requires: tuple[str, ...] = ()
    requires_agent: str | None = None
    direct_ethernet: bool = False
    module: str = ""


def build_package(
    path: str | Path,
    *,
    name: str,
    models: Sequence[str],
    components: Sequence[ComponentSource],
    key: Ed25519PrivateKey,
    notes: str = "",
) -> Path:
    """Write a signed package to ``path`` (atomically) and return the path."""
    path = Path(path)
    entries = []
    for i, src in enumerate(components):
        entries.append(Component(
            index=i, kind=src.kind, file=src.file, version=Version.parse(src.version),
            size=len(src.data), sha256=sha256(src.data),
            min_from=Version.parse(src.min_from) if src.min_from else None,
            requires=tuple(Version.parse(v) for v in src.requires),
            requires_agent=Version.parse(src.requires_agent) if src.requires_agent else None,
            direct_ethernet=src.direct_ethernet, module=src.module,
        ))  # fmt: skip
    notes_name = "RELEASE_NOTES.txt" if notes else ""
    manifest_bytes = Manifest(name, tuple(models), tuple(entries), notes_name).to_bytes()
    parse_manifest(manifest_bytes)  # what we write must be what we accept
    part = path.with_name(path.name + ".part")
    with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr(MANIFEST_NAME, manifest_bytes)
        z.writestr(SIGNATURE_NAME, sign(manifest_bytes, key))
        for src in components:
            z.writestr(src.file, src.data)
        if notes:
            z.writestr(notes_name, notes.encode("utf-8"))
    os.replace(part, path)
    return path
