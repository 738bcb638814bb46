"""Build signed firmware packages: the simulators' demo set, or one package from a JSON description.

    .venv/bin/python scripts/build_firmware_package.py demo OUTDIR [--size BYTES]

writes, for the simulated ION7400s, ``ion7400-4.6.0.zip`` (upgrade agent
2.1.0, firmware 2.1.0 and 4.6.0, factory template), ``ion7400-2.1.0.zip``
and ``ion7400-4.4.0.zip``, signed with a key made for this run. Its public
key goes to ``OUTDIR/keys/``; the private key is never written anywhere. Give
that folder to the simulators and to MeterDesk with ``--trust-keys``.

    .venv/bin/python scripts/build_firmware_package.py build SPEC.json OUT.zip --key PRIVATE.pem

builds one package from a description::

    {"name": "ION7400 firmware package 4.6.0", "models": ["ION7400"], "notes": "notes.txt",
     "components": [{"kind": "firmware", "file": "v004.006.000.upx", "path": "build/fw.upx",
                     "version": "4.6.0", "min_from": "2.1.0", "requires": ["2.1.0"],
                     "requires_agent": "2.1.0", "direct_ethernet": true}]}

signed with the Ed25519 key in PRIVATE.pem (a passphrase is asked for if it is encrypted).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.errors import MeterDeskError
from app.sim.firmware import ion7400_sources
from app.upgrade.keys import key_id, public_pem
from app.upgrade.package import ComponentSource, build_package

NOTES = {
    "4.6.0": "Simulated ION7400 firmware 4.6.0. Upgrades from 2.1.0 or later; below 2.1.0 the package "
             "installs 2.1.0 first, with upgrade agent 2.1.0. From 4.5.0 on a meter cannot be downgraded. "
             "Web pages and a digital option-module image go over SFTP.",
    "2.1.0": "Simulated ION7400 firmware 2.1.0, with upgrade agent 2.1.0.",
    "4.4.0": "Simulated ION7400 firmware 4.4.0 (for trying the no-downgrade rule on a 4.6.0 meter).",
}


def demo(out: Path, size: int) -> list[Path]:
    key = Ed25519PrivateKey.generate()
    (out / "keys").mkdir(parents=True, exist_ok=True)
    (out / "keys" / f"simulator-{key_id(key.public_key())}.pub").write_bytes(public_pem(key))
    built = []
    for version, sources in (
        ("4.6.0", ion7400_sources("4.6.0", size=size, web=True, modules=[("digital", "1.3.0")])),
        ("2.1.0", ion7400_sources("2.1.0", size=size, intermediate=None)),
        ("4.4.0", ion7400_sources("4.4.0", size=size)),
    ):
        built.append(build_package(out / f"ion7400-{version}.zip", name=f"ION7400 firmware package {version}",
                                   models=["ION7400"], components=sources, key=key, notes=NOTES[version]))
    return built


def build(spec_path: Path, out: Path, key_path: Path) -> Path:
    try:
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        base = spec_path.parent
        components = [
            ComponentSource(
                kind=c["kind"], file=c["file"], data=(base / c["path"]).read_bytes(), version=c["version"],
                min_from=c.get("min_from"), requires=tuple(c.get("requires", ())),
                requires_agent=c.get("requires_agent"), direct_ethernet=bool(c.get("direct_ethernet")),
                module=c.get("module", ""),
            )
            for c in spec["components"]
        ]  # fmt: skip
        notes = (base / spec["notes"]).read_text(encoding="utf-8") if spec.get("notes") else ""
        name, models = spec["name"], spec["models"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise MeterDeskError(f"{spec_path}: cannot use this description ({type(exc).__name__}: {exc})") from None
    return build_package(out, name=name, models=models, components=components, key=_private_key(key_path),
                         notes=notes)


def _private_key(path: Path) -> Ed25519PrivateKey:
    data = path.read_bytes()
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError:  # encrypted
        passphrase = getpass.getpass(f"Passphrase of {path}: ").encode()
        key = serialization.load_pem_private_key(data, password=passphrase)
    except ValueError:
        raise MeterDeskError(f"{path} is not a PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise MeterDeskError(f"{path} is not an Ed25519 key")
    return key


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_demo = sub.add_parser("demo", help="the simulators' demo packages and the public key they are signed with")
    p_demo.add_argument("out", type=Path)
    p_demo.add_argument("--size", type=int, default=64 * 1024, help="bytes per firmware image (default 65536)")
    p_build = sub.add_parser("build", help="one package from a JSON description")
    p_build.add_argument("spec", type=Path)
    p_build.add_argument("out", type=Path)
    p_build.add_argument("--key", type=Path, required=True, help="Ed25519 private key (PEM)")
    args = parser.parse_args(argv)
    try:
        paths = demo(args.out, args.size) if args.command == "demo" else [build(args.spec, args.out, args.key)]
    except (MeterDeskError, OSError, ValueError) as exc:
        print(f"build_firmware_package: {exc}", file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    if args.command == "demo":
        print(f"trust the key in {args.out / 'keys'} (--trust-keys) for the simulators and for MeterDesk")
    return 0


if __name__ == "__main__":
    sys.exit(main())
