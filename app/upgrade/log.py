"""The upgrade log: a human-readable account of an upgrade, written as it happens.

One line per event, ``2025-03-01 14:02:11.250  step 2/3  text``, appended to
``upgrade.log`` in the backup folder and flushed at once, so that the log of
an upgrade cut short ends where it stopped. Listeners (the GUI's log view)
receive every line too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

LOG_NAME = "upgrade.log"


class UpgradeLog:
    """Append-only log lines, in a file when a folder is set and in :attr:`lines`."""

    def __init__(self, listener: Callable[[str], None] | None = None) -> None:
        self.lines: list[str] = []
        self.path: Path | None = None
        self.context = ""
        self._listeners = [listener] if listener else []

    def open(self, folder: Path) -> None:
        """Write to ``folder/upgrade.log`` from now on (lines logged before are written first)."""
        self.path = Path(folder) / LOG_NAME
        with self.path.open("a", encoding="utf-8") as f:
            for line in self.lines:
                f.write(line + "\n")

    def add_listener(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)

    def __call__(self, text: str) -> None:
        now = dt.datetime.now().isoformat(sep=" ", timespec="milliseconds")
        line = f"{now}  {self.context + '  ' if self.context else ''}{text}"
        self.lines.append(line)
        if self.path is not None:
            with self.path.open("a", encoding="utf-8") as f:
                f.write(line + "\n")
        for listener in self._listeners:
            listener(line)
