"""The core package must stay free of Qt: checked by source scan and by import."""

import ast
import pathlib
import subprocess
import sys

APP = pathlib.Path(__file__).resolve().parents[1] / "app"
FORBIDDEN = {"PySide6", "pyqtgraph", "qasync", "shiboken6", "ui"}


def _imported_roots(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_module_under_app_imports_qt_or_ui():
    offenders = {
        str(p.relative_to(APP.parent)): sorted(_imported_roots(p) & FORBIDDEN)
        for p in APP.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_importing_every_app_module_loads_no_qt():
    modules = [
        ".".join(p.relative_to(APP.parent).with_suffix("").parts).removesuffix(".__init__")
        for p in APP.rglob("*.py")
        if p.name != "__main__.py"  # runs the CLI when imported
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        f"{sorted(FORBIDDEN - {'ui'})!r}]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
