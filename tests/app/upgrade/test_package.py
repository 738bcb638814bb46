"""Packages: signed ZIPs opened with their components; tampered, unsigned and foreign ones refused."""

from __future__ import annotations

import json
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.upgrade.keys import TrustedKeys, key_id, public_pem
from app.upgrade.manifest import PackageError, split_blob
from app.upgrade.package import open_package
from app.upgrade.versions import Version
from tests.app.upgrade.support import KEY, package, trusted


def _rewrite(path, members: dict[str, bytes | None]):
    """Copy the package with some members replaced (bytes) or removed (None)."""
    with zipfile.ZipFile(path) as z:
        items = {n: z.read(n) for n in z.namelist()}
    for name, data in members.items():
        if data is None:
            items.pop(name)
        else:
            items[name] = data
    out = path.with_name("changed.zip")
    with zipfile.ZipFile(out, "w") as z:
        for name, data in items.items():
            z.writestr(name, data)
    return out


def test_opens_a_signed_package_with_components_in_install_order(tmp_path):
    pkg = open_package(package(tmp_path), trusted())
    assert pkg.key == key_id(KEY.public_key())
    assert [(c.kind, str(c.version)) for c in pkg.manifest.components] == [
        ("agent", "2.1.0"), ("firmware", "2.1.0"), ("firmware", "4.6.0"), ("template", "4.6.0")]
    final = pkg.manifest.components[2]
    assert final.file == "v004.006.000.upx"
    assert final.min_from == Version(2, 1, 0) and final.requires == (Version(2, 1, 0),)
    assert final.requires_agent == Version(2, 1, 0) and final.direct_ethernet
    assert "release notes" in pkg.release_notes
    assert pkg.read(final).startswith(b"MeterDesk simulator image: ION7400 firmware 4.6.0")
    manifest, signature = split_blob(pkg.blob)
    assert manifest == pkg.manifest_bytes and json.loads(signature)["key"] == pkg.key


def test_a_tampered_image_is_refused(tmp_path):
    path = package(tmp_path)
    with zipfile.ZipFile(path) as z:
        image = bytearray(z.read("v004.006.000.upx"))
    image[100] ^= 0x01
    with pytest.raises(PackageError, match="v004.006.000.upx does not match its SHA-256") as err:
        open_package(_rewrite(path, {"v004.006.000.upx": bytes(image)}), trusted())
    assert err.value.reason == "tampered"


def test_a_changed_manifest_fails_its_signature(tmp_path):
    path = package(tmp_path)
    with zipfile.ZipFile(path) as z:
        doc = json.loads(z.read("manifest.json"))
    doc["models"] = ["ION7400", "PM8000"]
    with pytest.raises(PackageError, match="does not match its manifest") as err:
        open_package(_rewrite(path, {"manifest.json": json.dumps(doc).encode()}), trusted())
    assert err.value.reason == "bad-signature"


def test_an_unsigned_package_is_refused(tmp_path):
    with pytest.raises(PackageError, match="is not signed") as err:
        open_package(_rewrite(package(tmp_path), {"manifest.sig": None}), trusted())
    assert err.value.reason == "unsigned"


def test_a_package_signed_by_another_key_is_refused(tmp_path):
    stranger = Ed25519PrivateKey.generate()
    with pytest.raises(PackageError, match=f"signed by key {key_id(stranger.public_key())}") as err:
        open_package(package(tmp_path, key=stranger), trusted())
    assert err.value.reason == "unknown-key"


def test_not_a_package(tmp_path):
    junk = tmp_path / "notes.zip"
    junk.write_bytes(b"PK not really")
    with pytest.raises(PackageError, match="is not a ZIP file"):
        open_package(junk, trusted())
    plain = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(PackageError, match="has no manifest.json"):
        open_package(plain, trusted())


def test_the_shipped_key_is_trusted_and_an_extra_folder_adds_keys(tmp_path):
    shipped = TrustedKeys.load()
    assert len(shipped.keys) >= 1
    (tmp_path / "site.pub").write_bytes(public_pem(KEY))
    both = TrustedKeys.load([tmp_path])
    assert key_id(KEY.public_key()) in both and key_id(KEY.public_key()) not in shipped
