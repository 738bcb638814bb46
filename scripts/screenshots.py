"""Render the main window on the demo site to PNG files (docs, README).

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py docs/
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

from app.sim.lab import LabThread
from ui.main import demo_addresses, start_demo_lab
from ui.main_window import DEMO_SITE, MainWindow


async def shoot(window: MainWindow, out: Path) -> None:
    first = window.tree.topLevelItem(0).child(0)
    window.tree.setCurrentItem(first)
    window.connection.connect_device()
    for _ in range(100):
        await asyncio.sleep(0.05)
        if window.connection.session and window.connection.session.state == "connected":
            break
    window.connection.test_link()
    await asyncio.sleep(1.0)
    window.grab().save(str(out / "connection.png"))


async def shoot_upgrade(window: MainWindow, lab: LabThread, out: Path) -> None:
    """The Upgrade pane halfway through 2.0.0 -> 4.6.0 on the demo ION7400 (packages signed with a throwaway key)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from keyring.backends import fail

    from app.security.credentials import DEFAULT_PROJECT, CredentialKey, CredentialStore
    from app.sim.firmware import ion7400_sources
    from app.upgrade.package import build_package
    from ui.panes.upgrade import UpgradePane

    key = Ed25519PrivateKey.generate()
    address = demo_addresses(lab.lab.served)[0]
    meter = lab.lab.devices[address.name]
    meter.firmware.trusted.add(key.public_key())
    meter.firmware.set_version("2.0.0")
    meter.firmware.set_agent("2.0.0")
    lab.lab.buses[address.name].faults.delay = 0.004  # a real meter's turnaround
    with tempfile.TemporaryDirectory() as folder:
        path = build_package(Path(folder) / "ion7400-4.6.0.zip", name="ION7400 firmware package 4.6.0",
                             models=["ION7400"], components=ion7400_sources("4.6.0", size=96 * 1024), key=key,
                             notes="ION7400 firmware 4.6.0 for the simulator. Upgrades from 2.1.0 or later.")
        pane = next(p for p in window.panes() if isinstance(p, UpgradePane))
        pane.package_box.trusted = lambda: _with_key(key)
        pane.credentials = CredentialStore(session_fallback=True, backend=fail.Keyring())  # not the user's keyring
        pane.credentials.set(CredentialKey(DEFAULT_PROJECT, address.name, "USER1"), "0")
        pane.confirm = lambda text: True
        window.resize(1440, 900)
        window.show_pane(pane)
        window.select_device(address)
        await pane.package_box.open_path(path)
        await pane.make_plan()
        task = pane.start()
        while not (pane._progress and pane._progress.step == 3 and pane._progress.done > 40 * 1024):
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.15)
        window.grab().save(str(out / "upgrade.png"))
        await task


def _with_key(key):
    from app.upgrade.keys import TrustedKeys

    trusted = TrustedKeys.load()
    trusted.add(key.public_key())
    return trusted


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    lab = start_demo_lab(0)
    try:
        window = MainWindow()
        window.add_site(DEMO_SITE, demo_addresses(lab.lab.served))
        window.show()
        with loop:
            loop.run_until_complete(shoot(window, out))
            loop.run_until_complete(shoot_upgrade(window, lab, out))
        window.close()
    finally:
        lab.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
