"""The GUI's self-test check: the real main window, rendered offscreen."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QMainWindow

from app import selftest as core
from ui import selftest
from ui.main_window import MainWindow


def test_main_window_check_renders_every_pane(qapp):
    detail = selftest.check_main_window()
    titles = [pane.title for pane in MainWindow().panes()]
    assert re.fullmatch(rf"{len(titles)} panes \({', '.join(titles)}\), rendered \d{{3,4}}×\d{{3,4}} "
                        r"on Qt 6\.\d+\.\d+ \(offscreen, \d+ font families\)", detail), detail


def test_a_window_that_cannot_be_built_is_reported(qapp, monkeypatch):
    def broken() -> QMainWindow:
        raise OSError("no such file: resources/icons/meterdesk.svg")

    monkeypatch.setattr(selftest, "MainWindow", broken)
    with pytest.raises(core.SelfTestError, match="OSError: no such file: resources/icons/meterdesk.svg"):
        selftest.check_main_window()


def test_a_blank_window_is_reported(qapp, monkeypatch):
    class Blank(QMainWindow):
        def panes(self) -> list:
            return []

    monkeypatch.setattr(selftest, "MainWindow", Blank)
    with pytest.raises(core.SelfTestError, match="rendered blank on the offscreen platform"):
        selftest.check_main_window()


def test_gui_entry_without_a_console_logs_the_report(qapp, monkeypatch):
    logged: list[str] = []
    monkeypatch.setattr(selftest.sys, "stdout", None)
    monkeypatch.setattr(selftest.crash, "install", lambda: None)
    monkeypatch.setattr(selftest.logging.getLogger("meterdesk"), "info", logged.append)
    monkeypatch.setattr(core, "CORE_CHECKS", [("profiles", core.check_profiles)])
    assert selftest.main() == 0
    [text] = logged
    assert "  ok       main window: " in text
    assert text.endswith("Self-test passed.")
