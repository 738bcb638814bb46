"""GUI entry: files given on the command line (file associations) and the self-test flag."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from app.resources import resource_path
from tests.ui.conftest import run_until
from ui import main as gui
from ui.main_window import MainWindow
from ui.panes.analysis import AnalysisPane


@pytest.fixture
def window(qtbot, aloop, tmp_path):
    w = MainWindow()
    qtbot.addWidget(w)
    analysis = next(p for p in w.panes() if isinstance(p, AnalysisPane))
    analysis.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w.show()
    yield w
    w.close()


def test_records_open_in_the_analysis_pane(window, aloop):
    sample = resource_path("samples", "voltage-sag.cff")
    assert gui.open_files(window, [sample]) is None
    pane = window.stack.currentWidget()
    assert isinstance(pane, AnalysisPane)
    assert window.nav.actions()[window.stack.currentIndex()].isChecked()
    run_until(aloop, lambda: len(pane.open_tabs) == 1)
    assert pane.open_tabs[0].record.path == sample


def test_other_files_are_named_in_a_message(window, aloop):
    box = gui.open_files(window, [Path("photo.png"), Path("notes.txt")])
    assert box.isVisible()
    assert "it did not open:\nphoto.png\nnotes.txt" in box.text()
    assert window.stack.currentIndex() == 0
    box.close()


def test_a_project_given_on_the_command_line_opens(window, tmp_path):
    from app.project.file import save_project
    from app.project.model import Project, Site

    path = save_project(Project(name="Substation 4", sites=[Site("Feeder bus", "tcp", host="10.0.0.5")]),
                        tmp_path / "sub4")
    assert path.name == "sub4.mdproj"
    assert gui.open_files(window, [path]) is None
    assert window.devices.project.name == "Substation 4"
    assert window.tree.topLevelItem(0).text(0) == "Feeder bus"


def test_self_test_flag_runs_the_self_test(monkeypatch):
    monkeypatch.setattr(gui.selftest, "main", lambda: 7)
    assert gui.main(["--self-test"]) == 7
