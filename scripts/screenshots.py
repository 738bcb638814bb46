"""Render the main window on the demo site to PNG files (docs, README).

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py docs/
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

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
        window.close()
    finally:
        lab.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
