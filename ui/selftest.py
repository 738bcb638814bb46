"""The GUI's part of the self-test: the main window, created offscreen.

:func:`check_main_window` is registered as the ``main window`` check of
``meterdesk --self-test`` (entry-point group ``meterdesk.self_test``);
:func:`main` runs the whole self-test for ``meterdesk-gui --self-test``.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
    QtMsgType,
    qInstallMessageHandler,
    qVersion,
)
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from app import selftest
from ui import crash, language
from ui.main_window import MainWindow

#: Points sampled on the rendered window to tell a drawn window from a blank one.
SAMPLE_GRID = 16


def check_main_window() -> str:
    """Create the main window offscreen, render it, and check it shows more than one colour."""
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] or "meterdesk", "-platform", "offscreen"])
        language.install(app)  # the window in the language it will have for its user
    messages: list[str] = []

    def collect(kind: QtMsgType, _context, text: str) -> None:
        if kind != QtMsgType.QtDebugMsg:
            messages.append(text)

    previous = qInstallMessageHandler(collect)
    try:
        families = QFontDatabase.families()
        if not families:
            raise selftest.SelfTestError(
                QCoreApplication.translate("SelfTest", "Qt finds no fonts (install some, e.g. Debian's fonts-dejavu-core)"))
        window = MainWindow()
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        window.show()
        QCoreApplication.processEvents()
        image = window.grab().toImage()
        titles = [QCoreApplication.translate("MainWindow", pane.title) for pane in window.panes()]
        window.close()
        window.deleteLater()
        QCoreApplication.processEvents()
    except selftest.SelfTestError:
        raise
    except Exception as exc:
        failure = f"{type(exc).__name__}: {exc}"
        if messages:
            failure = QCoreApplication.translate("SelfTest", "%s; Qt said: %s") % (failure, messages[-1])
        raise selftest.SelfTestError(failure) from exc
    finally:
        qInstallMessageHandler(previous)
    colours = {
        image.pixel(image.width() * i // SAMPLE_GRID, image.height() * j // SAMPLE_GRID)
        for i in range(SAMPLE_GRID)
        for j in range(SAMPLE_GRID)
    }
    if image.isNull() or len(colours) < 2:
        raise selftest.SelfTestError(
            QCoreApplication.translate("SelfTest", "the window rendered blank on the %s platform") % app.platformName())
    return QCoreApplication.translate("SelfTest", "%d panes (%s), rendered %d×%d on Qt %s (%s, %d font families)") % (
        len(titles), ", ".join(titles), image.width(), image.height(), qVersion(), app.platformName(), len(families))


def main() -> int:
    """``meterdesk-gui --self-test``: print the report, or log it when there is no console.

    The windowed Windows executable has no console (``sys.stdout`` is None);
    its report goes to MeterDesk's log file and the exit code tells the result.
    """
    if sys.stdout is not None:
        return selftest.main()
    crash.install()
    return selftest.main(write=logging.getLogger("meterdesk").info)
