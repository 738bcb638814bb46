"""Last-resort error handling: log the traceback to a file, show the user a plain message."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from platformdirs import user_log_dir
from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("meterdesk")


def log_file() -> Path:
    folder = Path(user_log_dir("MeterDesk", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "meterdesk.log"


def install() -> None:
    """Send uncaught exceptions to the log and a dialog instead of the terminal."""
    logging.basicConfig(filename=log_file(), level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.excepthook = _hook


def _hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
    if QApplication.instance() is None:
        return
    QMessageBox.critical(
        None,
        "MeterDesk",
        QApplication.translate("crash", "Something went wrong: %s\n\nThe details were written to %s. "
                               "Your devices and files were not changed by this error.") % (exc, log_file()),
    )
