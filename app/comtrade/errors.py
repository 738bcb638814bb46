"""Errors and warnings of the COMTRADE reader and writer.

A fatal problem raises :class:`ComtradeError`; a recoverable quirk becomes a
:class:`ComtradeWarning` in the record's ``warnings`` list. Both name the file,
the line (1-based, in that file) and the CFG/DAT field, so a user can open the
file and see what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import MeterDeskError
from app.i18n import N_, _, ngettext

#: Fields named by a description rather than a CFG/DAT keyword: ``field`` holds the English
#: text (stable for scripts, e.g. ``--json``), shown translated. Keywords (ph, samp...) stay as they are.
DESCRIBED_FIELDS = (N_("start time stamp"), N_("trigger time stamp"))


def _where(file: str | None, line: int | None, field: str | None) -> str:
    """Where a problem is: "x.cfg line 3, field 'ph'" (one template per combination)."""
    if field in DESCRIBED_FIELDS:
        field = _(field)
    if line is None:
        if field:
            return (_("{file}, field '{field}'") if file else _("field '{field}'")).format(file=file, field=field)
        return file or ""
    if field:
        template = _("{file} line {line}, field '{field}'") if file else _("line {line}, field '{field}'")
    else:
        template = _("{file} line {line}") if file else _("line {line}")
    return template.format(file=file, line=line, field=field)


def _located(where: str, message: str) -> str:
    return _("{where}: {message}").format(where=where, message=message) if where else message


class ComtradeError(MeterDeskError):
    """A COMTRADE file cannot be read or written; the message says where and why.

    ``internal`` is True only when an unexpected fault inside the reader was
    converted to this type, so callers (and the fuzz tests) can tell a reader
    bug from a broken file.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        internal: bool = False,
    ) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.reason = message
        self.internal = internal
        where = _where(file, line, field)
        super().__init__(_located(where, message))


class ReadCancelled(ComtradeError):
    """Reading was cancelled through the ``cancel`` event."""


@dataclass(frozen=True)
class ComtradeWarning:
    """A recoverable quirk found while reading: where it is and what was done."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        return _located(_where(self.file, self.line, self.field), self.message)


class WarningLog:
    """Collects warnings; repeated quirks of one kind are folded into one entry.

    ``add(..., kind=...)`` keeps the first occurrence (its line and field) and
    counts the others, so a file with 5,000 padded fields yields one warning.
    """

    def __init__(self) -> None:
        self._items: list[ComtradeWarning | None] = []
        self._kinds: dict[str, tuple[int, int]] = {}  # kind -> (position, count)
        self._first: dict[str, ComtradeWarning] = {}

    def add(
        self,
        file: str,
        line: int | None,
        field: str | None,
        message: str,
        *,
        kind: str | None = None,
    ) -> None:
        warning = ComtradeWarning(file, line, field, message)
        if kind is None:
            self._items.append(warning)
            return
        if kind in self._kinds:
            pos, count = self._kinds[kind]
            self._kinds[kind] = (pos, count + 1)
            return
        self._kinds[kind] = (len(self._items), 1)
        self._first[kind] = warning
        self._items.append(None)

    def items(self) -> list[ComtradeWarning]:
        """The warnings in the order they were first seen."""
        by_pos = {pos: (kind, count) for kind, (pos, count) in self._kinds.items()}
        out = []
        for pos, item in enumerate(self._items):
            if item is not None:
                out.append(item)
                continue
            kind, count = by_pos[pos]
            first = self._first[kind]
            if count > 1:
                more = count - 1
                first = ComtradeWarning(
                    first.file,
                    first.line,
                    first.field,
                    ngettext(
                        "{message} (and {count} more like it)", "{message} (and {count} more like it)", more
                    ).format(message=first.message, count=more),
                )
            out.append(first)
        return out
