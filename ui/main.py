"""GUI entry point: ``meterdesk-gui [--demo]``.

One qasync event loop in the GUI thread hosts every async Modbus client. The
demo site runs the simulated lab in a background thread with its own loop, so
simulated devices answer like real ones, independently of the GUI.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

import qasync
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import __version__
from app.modbus.link import Endpoint
from app.session import DeviceAddress
from app.sim.lab import DEFAULT_BASE_PORT, LabThread, Served, demo_specs
from app.resources import resource_path
from ui import crash
from ui.main_window import DEMO_SITE, MainWindow


def demo_addresses(served: list[Served]) -> list[DeviceAddress]:
    """The lab's Modbus devices (its other services, such as REST read-outs, are not devices).

    A device's SFTP site, when the lab serves one, gives its ``sftp_port``.
    """
    sftp = {s.name: int(s.endpoint.rsplit(":", 1)[1]) for s in served if s.endpoint.startswith("sftp://")}
    return [
        DeviceAddress(s.name, s.profile, Endpoint.parse(s.endpoint), s.unit, sftp.get(s.name, 22))
        for s in served
        if s.endpoint.startswith(("tcp://", "rtu-tcp://", "rtu:"))
    ]


def start_demo_lab(base_port: int = DEFAULT_BASE_PORT) -> LabThread:
    """Start the demo lab, on ephemeral ports if ``base_port`` is taken."""
    lab = LabThread(demo_specs(base_port))
    try:
        lab.start()
    except OSError:
        lab.stop()
        lab = LabThread(demo_specs(0))
        lab.start()
    return lab


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="meterdesk-gui", description="MeterDesk graphical interface")
    parser.add_argument("--demo", action="store_true", help="start the simulated demo site")
    parser.add_argument("--base-port", type=int, default=DEFAULT_BASE_PORT, help="first port of the demo site")
    parser.add_argument("--version", action="version", version=f"MeterDesk {__version__}")
    args = parser.parse_args(argv)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("MeterDesk")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("icons", "meterdesk.svg"))))
    crash.install()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    lab = start_demo_lab(args.base_port) if args.demo else None
    window = MainWindow()
    if lab is not None:
        window.add_site(DEMO_SITE, demo_addresses(lab.lab.served))
    window.show()

    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    try:
        with loop:
            loop.run_until_complete(closed.wait())
    finally:
        if lab is not None:
            lab.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
