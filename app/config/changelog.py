"""The local change log: who changed which setting of which device, when, from what to what.

One JSON object per line in ``change-log.jsonl`` in the user's data folder
(:func:`app.project.paths.data_dir`; a ``folder`` argument overrides it, e.g. in
tests); :meth:`ChangeLog.export_csv` writes it as CSV. "Who" is the operating
system user name. Values are logged as users read them, never secrets: write-only
settings (passwords) are not part of configurations.
"""

from __future__ import annotations

import csv
import getpass
import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from app.config.device_io import NOT_SENT, WriteReport
from app.config.model import ConfigurationError
from app.i18n import _
from app.project.paths import data_dir

FILE_NAME = "change-log.jsonl"


@dataclass(frozen=True)
class LogEntry:
    """One setting sent to one device. ``result`` is the write status (verified, refused…)."""

    time: str
    user: str
    device: str
    where: str
    profile: str
    setting: str
    label: str
    old: str
    new: str
    unit: str
    result: str


def user_name() -> str:
    """The operating system user, or "unknown" where the system cannot say."""
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):
        return "unknown"


class ChangeLog:
    """Append-only log of setting changes in ``folder`` (default: the user's data folder)."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else data_dir()
        self.path = self.folder / FILE_NAME

    def record(self, report: WriteReport, where: str = "") -> list[LogEntry]:
        """Append every setting of ``report`` that was sent; return the new entries."""
        user = user_name()
        entries = [
            LogEntry(report.finished or report.started, user, report.device, where, report.profile, r.name,
                     r.change.label, r.change.old_text, r.change.new_text, r.change.unit, r.status)
            for r in report.results
            if r.status != NOT_SENT
        ]
        if not entries:
            return []
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as out:
                for entry in entries:
                    out.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
        except OSError as exc:
            raise ConfigurationError(_("{path}: cannot write the change log ({reason})").format(
                path=self.path, reason=exc.strerror or exc)) from None
        return entries

    def entries(self, device: str | None = None) -> list[LogEntry]:
        """Every entry, oldest first (only ``device``'s when given); unreadable lines are skipped."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise ConfigurationError(_("{path}: cannot read the change log ({reason})").format(
                path=self.path, reason=exc.strerror or exc)) from None
        names = {f.name for f in fields(LogEntry)}
        result = []
        for line in lines:
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(data, dict) and set(data) == names:
                entry = LogEntry(**data)
                if device is None or entry.device == device:
                    result.append(entry)
        return result

    def export_csv(self, path: str | Path, device: str | None = None) -> int:
        """Write the entries (only ``device``'s when given) as CSV with a header; return how many."""
        entries = self.entries(device)
        try:
            with Path(path).open("w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out)
                writer.writerow([f.name for f in fields(LogEntry)])
                for entry in entries:
                    writer.writerow(list(asdict(entry).values()))
        except OSError as exc:
            raise ConfigurationError(_("{path}: cannot write ({value})").format(
                path=path, value=exc.strerror or exc)) from None
        return len(entries)
