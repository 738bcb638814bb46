"""What the frozen bundle keeps, and its size budget (used by ``meterdesk.spec``).

PyInstaller's PySide6 hooks collect every Qt plugin and translation, and the
libraries those plugins link (GTK for the GTK theme, Qt Network for TLS...).
MeterDesk keeps the plugins a desktop session needs (X11, Wayland, Windows,
offscreen for the self-test; SVG, ICO and common images; input methods; the
XDG portal) and the Qt translations of the languages it ships, then drops
the libraries that only the dropped plugins linked, found by following the
binaries' link-time imports.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath

#: Unpacked size the bundle must stay within, bytes (decimal megabytes).
SIZE_BUDGET = 200 * 1000**2

#: Languages MeterDesk's user interface ships; Qt's own catalogues are kept for these.
LANGUAGES = ("en", "fr")

#: PySide6 modules MeterDesk uses. pyqtgraph's plot curves import QtOpenGL and
#: QtOpenGLWidgets by name, unconditionally; the analysis pane exports SVG through QtSvg.
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtOpenGL", "QtOpenGLWidgets")

#: Plugins kept, by folder, as file stems without a ``lib`` prefix.
PLUGINS = {
    "platforms": {"qxcb", "qwayland", "qwindows", "qoffscreen"},
    "platformthemes": {"qxdgdesktopportal"},  # qgtk3 would bundle the build machine's GTK
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
    "imageformats": {"qsvg", "qico", "qjpeg", "qgif"},
    "iconengines": {"qsvgicon"},
    "styles": {"qmodernwindowsstyle"},
    "xcbglintegrations": {"qxcb-egl-integration", "qxcb-glx-integration"},
    "wayland-decoration-client": {"bradient"},
    "wayland-graphics-integration-client": {"qt-plugin-wayland-egl"},
    "wayland-shell-integration": {"xdg-shell"},
}

#: Python packages never needed at run time (tests, build tools, pyqtgraph's optional parts).
PYTHON_EXCLUDES = [
    "tkinter", "pytest", "_pytest", "hypothesis", "comtrade", "importlinter",
    "setuptools", "pkg_resources", "pip", "PyInstaller",
    "pyqtgraph.examples", "pyqtgraph.opengl", "pyqtgraph.jupyter", "pyqtgraph.canvas",
    "pyqtgraph.flowchart", "pyqtgraph.console", "IPython", "matplotlib", "scipy", "h5py",
]  # fmt: skip

QT_LIBRARY = re.compile(r"^(lib)?Qt6\w+(\.so(\.\d+)*|\.dll|\.dylib)$")
QT_TRANSLATION = re.compile(r"^(qt|qtbase)_(?P<lang>[a-z]{2})(_[A-Z]{2})?\.qm$")

Entry = tuple[str, str, str]  # PyInstaller TOC entry: destination, source, type code


def qt_excludes(pyside_dir: Path) -> list[str]:
    """``PySide6.<module>`` names of the installed modules MeterDesk does not use."""
    names = {p.name.split(".")[0] for p in pyside_dir.glob("Qt*.*") if p.suffix in (".so", ".pyd")}
    return [f"PySide6.{name}" for name in sorted(names - set(QT_MODULES))]


def keep_plugin(dest: str) -> bool:
    """False for a Qt plugin MeterDesk does not load; True for anything that is not a plugin."""
    parts = PurePath(dest).parts
    if "plugins" not in parts[:-2]:
        return True
    folder = parts[-2]
    stem = parts[-1].split(".")[0].removeprefix("lib")
    return stem in PLUGINS.get(folder, ())


def keep_translation(dest: str) -> bool:
    """False for a Qt translation of a language MeterDesk does not ship."""
    parts = PurePath(dest).parts
    if "translations" not in parts[:-1] or not parts[-1].endswith(".qm") or "PySide6" not in parts:
        return True
    match = QT_TRANSLATION.match(parts[-1])
    return bool(match) and match["lang"] in LANGUAGES


def select(binaries: Iterable[Entry], datas: Iterable[Entry],
           imports: Callable[[str], Iterable[str]]) -> tuple[list[Entry], list[Entry]]:
    """The binaries and data files the bundle keeps.

    Unused plugins and translations go, then the libraries only they linked
    (or, for Qt's, that nothing kept links), then symbolic links left
    pointing at nothing. ``imports(source)`` names the libraries a binary links.
    """
    binaries = list(binaries)
    kept = prune_libraries([e for e in binaries if keep_plugin(e[0])],
                           [e for e in binaries if not keep_plugin(e[0])], imports)  # fmt: skip
    datas = [e for e in datas if keep_translation(e[0])]
    files = {PurePath(e[0]) for e in [*kept, *datas] if e[2] != "SYMLINK"}

    def live(entry: Entry) -> bool:
        return entry[2] != "SYMLINK" or PurePath(os.path.normpath(PurePath(entry[0]).parent / entry[1])) in files

    return [e for e in kept if live(e)], [e for e in datas if live(e)]


def prune_libraries(kept: list[Entry], dropped: list[Entry],
                    imports: Callable[[str], Iterable[str]]) -> list[Entry]:
    """``kept`` without the libraries that only ``dropped`` binaries link, nor Qt libraries nothing kept links.

    Libraries that no binary links (loaded through ctypes, or libpython by the
    bootloader) stay.
    """
    def name(path: str) -> str:  # Windows compares DLL names without regard to case
        return PurePath(path).name.lower()

    by_name = {name(e[0]): e for e in [*kept, *dropped] if e[2] != "SYMLINK"}

    def linked(start: Iterable[Entry]) -> set[str]:
        found: set[str] = set()
        todo = list(start)
        while todo:
            for imported in map(name, imports(todo.pop()[1])):
                if imported in by_name and imported not in found:
                    found.add(imported)
                    todo.append(by_name[imported])
        return found

    candidates = linked(dropped) | {n for n, e in by_name.items() if QT_LIBRARY.match(PurePath(e[0]).name)}
    needed = linked(e for e in kept if e[2] != "SYMLINK" and name(e[0]) not in candidates)
    return [e for e in kept if name(e[0]) not in candidates or name(e[0]) in needed]


def folder_size(folder: Path) -> int:
    """Bytes of the regular files below ``folder`` (symbolic links not followed)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def budget_line(size: int, budget: int = SIZE_BUDGET) -> str:
    """The line the build prints: the size against the budget."""
    verdict = "within" if size <= budget else "OVER"
    return (f"bundle size: {size / 1000**2:.1f} MB unpacked, {size / budget:.0%} of the "
            f"{budget / 1000**2:.0f} MB budget ({verdict})")  # fmt: skip
