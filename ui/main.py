"""GUI entry point: ``meterdesk-gui [--demo]``.

One qasync event loop in the GUI thread hosts every async Modbus client. The
demo site runs the simulated lab in a background thread with its own loop, so
simulated devices answer like real ones, independently of the GUI.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

import qasync
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__, i18n
from app.cli.parser import ArgumentParser
from app.modbus.link import Endpoint
from app.project.file import SUFFIX as PROJECT_SUFFIX
from app.resources import resource_path
from app.session import DeviceAddress
from app.sim.lab import DEFAULT_BASE_PORT, LabThread, Served, demo_specs
from ui import crash, language, selftest
from ui.main_window import DEMO_SITE, MainWindow
from ui.panes.analysis import RECORD_SUFFIXES, AnalysisPane


def demo_addresses(served: list[Served]) -> list[DeviceAddress]:
    """The lab's Modbus devices (its other services, such as REST read-outs, are not devices).

    A device's SFTP site, when the lab serves one, gives its ``sftp_port``.
    """
    sftp = {s.name: int(s.endpoint.rsplit(":", 1)[1]) for s in served if s.endpoint.startswith("sftp://")}
    return [
        DeviceAddress(s.name, s.profile, Endpoint.parse(s.endpoint), s.unit, sftp.get(s.name, 22))
        for s in served
        if s.endpoint.startswith(("tcp://", "tls://", "rtu-tcp://", "rtu:"))
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


def open_files(window: MainWindow, paths: list[Path]) -> QMessageBox | None:
    """Open files given on the command line (file associations).

    A project (the last one given) replaces the open project; COMTRADE records
    open in the Analysis pane. Other files are listed in a message box, which
    is returned.
    """
    projects = [p for p in paths if p.name.endswith(PROJECT_SUFFIX)]
    records = [p for p in paths if p.suffix.lower() in RECORD_SUFFIXES]
    others = [p for p in paths if p not in records and p not in projects]
    if projects:
        window.devices.open_project(projects[-1])
    if records:
        pane = next(p for p in window.panes() if isinstance(p, AnalysisPane))
        window.show_pane(pane)
        pane.open_paths(records)
    if others:
        text = QApplication.translate(
            "main", "MeterDesk %s opens COMTRADE records (%s) given on its command line; it did not open:\n%s"
        ) % (__version__, ", ".join(RECORD_SUFFIXES), "\n".join(str(p) for p in others))
        box = QMessageBox(QMessageBox.Icon.Warning, "MeterDesk", text, parent=window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box
    return None


def build_parser() -> argparse.ArgumentParser:
    """``meterdesk-gui``'s arguments, described in the language of the interface (no application exists yet)."""
    code = i18n.set_language(language.language_in_use())  # argparse's own texts: the core's catalogue
    translator = language.interface_translator(code)

    def tr(text: str) -> str:
        return translator.translate("main", text) or text

    parser = ArgumentParser(prog="meterdesk-gui", description=tr(QT_TRANSLATE_NOOP("main", "MeterDesk graphical interface")))
    parser.add_argument("files", nargs="*", type=Path, help=tr(QT_TRANSLATE_NOOP(
        "main", "a project (.mdproj) or COMTRADE records (.cfg, .cff, .dat) to open")))
    parser.add_argument("--demo", action="store_true", help=tr(QT_TRANSLATE_NOOP("main", "start the simulated demo site")))
    parser.add_argument("--base-port", type=int, default=DEFAULT_BASE_PORT,
                        help=tr(QT_TRANSLATE_NOOP("main", "first port of the demo site")))
    parser.add_argument("--version", action="version", version=f"MeterDesk {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help=tr(QT_TRANSLATE_NOOP("main", "check this installation offscreen and exit")))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_test:
        return selftest.main()

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("MeterDesk")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("icons", "meterdesk.svg"))))
    language.install(app)
    crash.install()

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    lab = start_demo_lab(args.base_port) if args.demo else None
    window = MainWindow()
    window.devices.reopen_last()
    if lab is not None:
        window.add_site(DEMO_SITE, demo_addresses(lab.lab.served))
    window.show()
    open_files(window, args.files)

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
