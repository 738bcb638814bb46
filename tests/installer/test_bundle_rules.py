"""What the bundle keeps, the size line, the icon file and the packaging metadata (no build)."""

from __future__ import annotations

import configparser
import re
import struct
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
sys.path.insert(0, str(INSTALLER))

import bundle_rules
import icons

EXTENSIONS = {".cfg", ".cff", ".mdproj"}


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/lib/libQt6Core.so.6", True),  # not a plugin
        ("numpy/_core/_multiarray_umath.cpython-312-x86_64-linux-gnu.so", True),
    ],
)
def test_plugins_kept(dest, kept):
    assert bundle_rules.keep_plugin(dest) is kept


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/translations/qtbase_fr.qm", True),
        ("PySide6/Qt/translations/qt_en.qm", True),
        ("PySide6/translations/qtbase_fr.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/qt_pt_BR.qm", False),
        ("PySide6/Qt/translations/designer_fr.qm", False),
        ("PySide6/Qt/translations/qtwebengine_locales/fr.pak", True),  # not a catalogue
        ("resources/translations/meterdesk_fr.qm", True),  # MeterDesk's own
    ],
)
def test_translations_kept(dest, kept):
    assert bundle_rules.keep_translation(dest) is kept


def test_select_drops_what_only_dropped_plugins_link():
    links = {
        "/src/QtWidgets.abi3.so": ["libQt6Widgets.so.6"],
        "/src/libQt6Widgets.so.6": ["libQt6Gui.so.6"],
        "/src/libQt6Gui.so.6": ["libQt6Core.so.6", "libfreetype.so.6"],
        "/src/libqxcb.so": ["libQt6XcbQpa.so.6"],
        "/src/libQt6XcbQpa.so.6": ["libQt6Gui.so.6", "libxcb-icccm.so.4"],
        "/src/libqgtk3.so": ["libgtk-3.so.0", "libQt6Gui.so.6", "libfreetype.so.6"],
        "/src/libgtk-3.so.0": ["libcairo.so.2"],
        "/src/libqeglfs.so": ["libQt6EglFSDeviceIntegration.so.6"],
    }

    def binary(dest: str) -> tuple[str, str, str]:
        return dest, "/src/" + Path(dest).name, "BINARY"

    binaries = [
        binary("PySide6/QtWidgets.abi3.so"),
        binary("PySide6/Qt/lib/libQt6Widgets.so.6"),
        binary("PySide6/Qt/lib/libQt6Gui.so.6"),
        binary("PySide6/Qt/lib/libQt6Core.so.6"),
        binary("PySide6/Qt/lib/libQt6XcbQpa.so.6"),
        binary("PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6"),
        binary("PySide6/Qt/lib/libQt6Quick.so.6"),  # nothing links it
        binary("PySide6/Qt/plugins/platforms/libqxcb.so"),
        binary("PySide6/Qt/plugins/platforms/libqeglfs.so"),
        binary("PySide6/Qt/plugins/platformthemes/libqgtk3.so"),
        binary("libfreetype.so.6"),
        binary("libxcb-icccm.so.4"),
        binary("libgtk-3.so.0"),
        binary("libcairo.so.2"),
        binary("libpython3.12.so.1.0"),  # loaded by the bootloader, linked by nothing
    ]
    datas = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6EglFSDeviceIntegration.so.6", "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6", "SYMLINK"),
        ("PySide6/Qt/translations/qtbase_fr.qm", "/src/qtbase_fr.qm", "DATA"),
        ("PySide6/Qt/translations/qtbase_ja.qm", "/src/qtbase_ja.qm", "DATA"),
    ]
    kept, kept_datas = bundle_rules.select(binaries, datas, lambda source: links.get(source, []))
    assert sorted(Path(dest).name for dest, _, _ in kept) == sorted([
        "QtWidgets.abi3.so", "libQt6Widgets.so.6", "libQt6Gui.so.6", "libQt6Core.so.6",
        "libQt6XcbQpa.so.6", "libqxcb.so", "libfreetype.so.6", "libxcb-icccm.so.4", "libpython3.12.so.1.0",
    ])  # fmt: skip
    assert [dest for dest, _, _ in kept_datas] == ["libQt6Core.so.6", "PySide6/Qt/translations/qtbase_fr.qm"]


def test_qt_excludes_list_the_installed_modules_not_used(tmp_path):
    for name in ("QtCore.abi3.so", "QtGui.abi3.so", "QtQuick.abi3.so", "QtSql.pyd", "QtNetwork.abi3.so",
                 "QtCore.pyi", "__init__.py"):  # fmt: skip
        (tmp_path / name).touch()
    assert bundle_rules.qt_excludes(tmp_path) == ["PySide6.QtNetwork", "PySide6.QtQuick", "PySide6.QtSql"]


def test_budget_line_and_folder_size(tmp_path):
    (tmp_path / "a").write_bytes(b"x" * 1500)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b").write_bytes(b"y" * 500)
    (tmp_path / "link").symlink_to("a")
    assert bundle_rules.folder_size(tmp_path) == 2000
    assert bundle_rules.budget_line(185_900_000) == (
        "bundle size: 185.9 MB unpacked, 93% of the 200 MB budget (within)"
    )
    assert bundle_rules.budget_line(205_700_000).endswith("103% of the 200 MB budget (OVER)")


def test_ico_holds_one_png_per_size():
    pngs = {16: b"\x89PNG-16", 256: b"\x89PNG-256-longer"}
    data = icons.ico_bytes(pngs)
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, 2)
    entries = [struct.unpack_from("<BBBBHHII", data, 6 + 16 * i) for i in range(count)]
    assert [(e[0], e[1]) for e in entries] == [(16, 16), (0, 0)]  # 0 stands for 256
    for (*_, length, offset), png in zip(entries, [pngs[16], pngs[256]], strict=True):
        assert data[offset:offset + length] == png


def test_desktop_entry_opens_the_types_the_mime_file_defines():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(INSTALLER / "linux" / "meterdesk.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "meterdesk-gui %F"
    assert desktop["Icon"] == "meterdesk"
    assert desktop["MimeType"].endswith(";")

    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    tree = ET.parse(INSTALLER / "linux" / "meterdesk-mime.xml")
    globs = {t.get("type"): [g.get("pattern") for g in t.findall("m:glob", ns)]
             for t in tree.getroot().findall("m:mime-type", ns)}  # fmt: skip
    assert set(desktop["MimeType"].rstrip(";").split(";")) == set(globs)
    assert {Path(p).suffix for patterns in globs.values() for p in patterns} == EXTENSIONS


def test_windows_installer_associates_the_same_extensions():
    script = (INSTALLER / "windows" / "meterdesk.iss").read_text(encoding="utf-8")
    registered = set(re.findall(r'Subkey: "Software\\Classes\\(\.\w+)', script))
    assert registered == EXTENSIONS
    for ext in EXTENSIONS:  # each one is removed again by the uninstaller
        for line in re.findall(rf'^Root: HKA; Subkey: "Software\\Classes\\{re.escape(ext)}.*$', script, re.MULTILINE):
            assert "uninsdelete" in line, line
