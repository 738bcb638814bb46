"""Render the main window on the demo site to PNG files (docs, README).

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py docs/ [connection traffic upgrade panes]
[--lang fr] (no names: every shot; ``panes``: the Settings, Measurements, Security, Analysis
and Panel Server panes). ``--lang`` renders the interface in another language (``docs/fr/``). The window works on a
temporary data folder: nothing is written to the user's projects, pinned certificates or preferences.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

import qasync
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from app.modbus.errors import ModbusExceptionError
from app.modbus.link import Endpoint
from app.project.model import DeviceEntry, Project, Site, site_for_endpoint
from app.resources import resource_path
from app.sim.lab import LabThread, ion7400_spec
from ui import language
from ui.main import demo_addresses, start_demo_lab
from ui.main_window import DEMO_SITE, MainWindow


def demo_project(lab: LabThread, secure: LabThread) -> Project:
    """The demo lab as a user would keep it: a site per link, devices by unit id."""
    project = Project("Substation 4 (demo)")
    names = {"ION7400 main incomer": "Main switchboard", "ION7400 feeder (RTU)": "Feeder panel RS-485",
             "BCPME data hall PDU panel 1": "Data hall PDU", "Iskra SG-W1": "Iskra SG gateway"}
    for address in demo_addresses(lab.lab.served):
        site = project.site_for(address.endpoint)
        if site is None:
            site = site_for_endpoint(address.endpoint, names.get(address.name, address.name))
            site.kind = "gateway" if address.profile_id.startswith("iskra") else site.kind
            project.sites.append(site)
        site.devices.append(DeviceEntry(address.name, address.unit, address.profile_id, sftp_port=address.sftp_port))
    endpoint = Endpoint.parse(secure.lab.served[0].endpoint)
    tls_site = Site("Generator meter (TLS)", "tcp", host=endpoint.host, tcp_port=endpoint.port, security="tls")
    tls_site.devices.append(DeviceEntry("ION7400 generator", 1, "ion7400"))
    project.sites.insert(1, tls_site)
    return project


async def connect_all(window: MainWindow, names: list[str]) -> None:
    for name in names:
        address = next(a for s in window.devices.project.sites for d in s.devices
                       if (a := s.address(d)).name == name)
        window.tree.select(address)
        window.connection.connect_device()
        for _ in range(100):
            await asyncio.sleep(0.05)
            if window.connection.session.state in ("connected", "error"):
                break


async def shoot(window: MainWindow, out: Path) -> None:
    """The Connection pane on a TLS meter, the project tree, the traffic monitor below."""
    window.resize(1440, 900)
    window.traffic_dock.show()
    await asyncio.sleep(0.1)
    window.resizeDocks([window.devices_dock], [window.devices.sizeHint().width()], Qt.Orientation.Horizontal)
    await connect_all(window, ["ION7400 main incomer", "Iskra SG-W1", "WM3M4C (RS-485 device 1)",
                               "BCPME data hall PDU panel 1", "ION7400 feeder (RTU)", "ION7400 generator"])
    session = window.connection.session
    try:
        await session.link.write_registers(56000, [9], unit=1)  # refused: shows an exception frame
    except ModbusExceptionError:
        pass
    window.connection.test_link()
    await asyncio.sleep(1.5)
    window.grab().save(str(out / "connection.png"))


async def shoot_traffic(window: MainWindow, out: Path) -> None:
    """The traffic monitor on its own, all devices."""
    pane = window.traffic
    pane.device_combo.setCurrentIndex(0)
    await asyncio.sleep(0.3)
    pane.refresh()
    pane.follow_box.setChecked(False)
    refused = max(i for i, f in enumerate(pane.model.frames) if f.exception_code is not None)
    pane.table.scrollTo(pane.model.index(refused, 0), pane.table.ScrollHint.PositionAtCenter)
    pane.table.selectRow(refused)
    window.traffic_dock.setFloating(True)  # on its own, at a readable size
    window.traffic_dock.resize(1280, 420)
    await asyncio.sleep(0.2)
    pane.grab().save(str(out / "traffic.png"))
    window.traffic_dock.setFloating(False)


async def shoot_upgrade(window: MainWindow, lab: LabThread, out: Path) -> None:
    """The Upgrade pane halfway through 2.0.0 -> 4.6.0 on the demo ION7400 (packages signed with a throwaway key)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from keyring.backends import fail

    from app.security.credentials import CredentialKey, CredentialStore
    from app.sim.firmware import ion7400_sources
    from app.upgrade.keys import public_pem
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
        keys = Path(folder) / "keys"
        keys.mkdir()
        (keys / "screenshots.pub").write_bytes(public_pem(key))
        pane = next(p for p in window.panes() if isinstance(p, UpgradePane))
        pane.package_box.extra_dirs = [keys]  # trusted for this run only, not saved in the preferences
        pane.credentials = CredentialStore(session_fallback=True, backend=fail.Keyring())  # not the user's keyring
        pane.credentials.set(CredentialKey(pane.project, address.name, "USER1"), "0")  # keyed by the open project
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


async def shoot_panes(window: MainWindow, out: Path) -> None:
    """Settings read from the main incomer, its live measurements, its security audit, a COMTRADE record,
    and a Panel Server plan."""
    from app.wps.plan import DeviceType, PanelPlan, PlannedDevice
    from ui.panes.analysis import AnalysisPane
    from ui.panes.measurements import MeasurementsPane
    from ui.panes.panel_server import PanelServerPane
    from ui.panes.security import SecurityPane
    from ui.panes.settings import SettingsPane

    panes = {type(p): p for p in window.panes()}
    window.resize(1440, 900)
    window.traffic_dock.hide()
    address = next(a for s in window.devices.project.sites for d in s.devices
                   if (a := s.address(d)).name == "ION7400 main incomer")
    window.tree.select(address)
    if window.sessions.session(address).state != "connected":
        await connect_all(window, [address.name])
    settings = panes[SettingsPane]
    window.show_pane(settings)
    settings.read_device()
    await asyncio.sleep(2.0)
    window.grab().save(str(out / "settings.png"))
    window.show_pane(panes[MeasurementsPane])
    await asyncio.sleep(3.0)
    window.grab().save(str(out / "measurements.png"))
    security = panes[SecurityPane]
    window.show_pane(security)
    security.audit_current()
    await asyncio.sleep(2.0)
    window.grab().save(str(out / "security.png"))
    analysis = panes[AnalysisPane]
    window.show_pane(analysis)
    analysis.open_paths([resource_path("samples", "voltage-sag.cff")])
    await asyncio.sleep(2.0)
    window.grab().save(str(out / "analysis.png"))
    server = panes[PanelServerPane]
    server.plan_tab.set_plan(PanelPlan(wps_column=2, name="Main LV board", channel=15, devices=(
        PlannedDevice(DeviceType.POWERTAG_ENERGY, 2, 12, "Feeders 1-12"), PlannedDevice(DeviceType.HEATTAG, 3, 1, "Busbar"),
        PlannedDevice(DeviceType.ACTI9_ACTIVE, 7, 3, "Lighting"))))  # fmt: skip
    window.show_pane(server)
    await asyncio.sleep(0.5)
    window.grab().save(str(out / "panel_server.png"))


def main() -> int:
    args = sys.argv[1:]
    lang = "en"
    if "--lang" in args:
        at = args.index("--lang")
        lang = args[at + 1]
        del args[at:at + 2]
    out = Path(args[0] if args else "docs")
    wanted = set(args[1:]) or {"connection", "traffic", "upgrade", "panes"}
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="meterdesk-shots-settings-") as preferences:  # not the user's
        store = QSettings(str(Path(preferences) / "settings.ini"), QSettings.Format.IniFormat)
        store.setValue(language.SETTING, lang)
        language.install(app, store)

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    lab = start_demo_lab(0)
    secure_spec = ion7400_spec("ION7400 generator", port=0, tls=True)
    secure_spec.services.clear()
    secure = LabThread([secure_spec])
    secure.start()
    try:
        with tempfile.TemporaryDirectory(prefix="meterdesk-shots-") as data:
            window = MainWindow(data_dir=Path(data))
            window.devices.project = demo_project(lab, secure)
            window.devices.save_as(Path(data) / "projects" / "Substation 4 (demo)")
            window.tree.set_project(window.devices.project)
            window.show()
            with loop:
                if wanted & {"connection", "traffic"}:
                    loop.run_until_complete(shoot(window, out))
                if "traffic" in wanted:
                    loop.run_until_complete(shoot_traffic(window, out))
                if "panes" in wanted:
                    loop.run_until_complete(shoot_panes(window, out))
                if "upgrade" in wanted:
                    window.add_site(DEMO_SITE, demo_addresses(lab.lab.served))
                    loop.run_until_complete(shoot_upgrade(window, lab, out))
            window.devices.set_modified(False)
            window.close()
    finally:
        secure.stop()
        lab.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
