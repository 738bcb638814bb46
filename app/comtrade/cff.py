"""Splitting of a single-file COMTRADE record (.cff, IEEE C37.111-2013).

A .cff holds CFG, INF, HDR and DAT sections, each after a header line like
``--- file type: DAT BINARY: 4214 ---``. The header search runs over a memory
map and stops at the DAT header, so binary data is never scanned or copied.
Headers with missing colons or odd dash counts are accepted with a warning.
"""

from __future__ import annotations

import mmap
import re
from dataclasses import dataclass
from pathlib import Path

from app.comtrade.errors import ComtradeError, WarningLog
from app.i18n import _

_HEADER = re.compile(
    rb"^[ \t]*-{2,}[ \t]*file[ \t]*type[ \t]*:?[ \t]*(CFG|INF|HDR|DAT)\b([^\r\n]*?)[ \t]*-*[ \t]*\r?$",
    re.IGNORECASE | re.MULTILINE,
)
_STRICT = re.compile(
    rb"--- file type: (CFG|INF|HDR|DAT (ASCII|(BINARY|BINARY32|FLOAT32): \d+)) ---\r?"
)
_DAT_SPEC = re.compile(rb"\s*([A-Za-z0-9]+)?\s*(?::\s*(\d+))?\s*")


@dataclass(frozen=True)
class CffSections:
    """Byte ranges of the sections; line numbers are those of the .cff file."""

    cfg: bytes
    cfg_first_line: int
    inf: bytes | None
    hdr: bytes | None
    dat_offset: int
    dat_length: int | None
    dat_first_line: int
    dat_format: str | None


def split_cff(path: Path, label: str, log: WarningLog) -> CffSections:
    """Locate the sections of a .cff file."""
    size = path.stat().st_size
    if size == 0:
        raise ComtradeError(_("the file is empty"), file=label)
    with (
        open(path, "rb") as fh,
        mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as view,
    ):
        headers = []
        for match in _HEADER.finditer(view):
            headers.append(match)
            if match.group(1).upper() == b"DAT":
                break
        if not headers:
            raise ComtradeError(
                _("no '--- file type: CFG ---' section header found"), file=label, line=1
            )
        sections: dict[str, tuple[int, int, int, bytes]] = {}
        for i, match in enumerate(headers):
            name = match.group(1).upper().decode()
            line = view[: match.start()].count(b"\n") + 1
            header_text = match.group(0).strip()
            if not _STRICT.fullmatch(header_text):
                shown = header_text.decode("latin-1")
                log.add(label, line, None, _("non-standard section header '{header}'").format(header=shown))
            if name in sections:
                raise ComtradeError(_("second {name} section").format(name=name), file=label, line=line)
            body_start = (
                match.end() + 1
                if match.end() < size and view[match.end() : match.end() + 1] == b"\n"
                else match.end()
            )
            body_end = headers[i + 1].start() if i + 1 < len(headers) else size
            sections[name] = (body_start, body_end, line, match.group(2))
        if "CFG" not in sections:
            raise ComtradeError(_("no CFG section"), file=label)
        if "DAT" not in sections:
            raise ComtradeError(
                _("no DAT section header ('--- file type: DAT ... ---')"), file=label
            )
        c0, c1, cfg_line, _spec = sections["CFG"]
        cfg = view[c0:c1]
        inf = (
            view[sections["INF"][0] : sections["INF"][1]] if "INF" in sections else None
        )
        hdr = (
            view[sections["HDR"][0] : sections["HDR"][1]] if "HDR" in sections else None
        )
    d0, d1, dat_line, spec = sections["DAT"]
    m = _DAT_SPEC.fullmatch(spec)
    fmt = length = None
    if m:
        fmt = m.group(1).decode().upper() if m.group(1) else None
        length = int(m.group(2)) if m.group(2) else None
    if fmt is None:
        log.add(
            label,
            dat_line,
            None,
            _("DAT section header names no format; the CFG's ft is used"),
        )
    available = d1 - d0
    if length is not None and length != available:
        extra = available - length
        if extra < 0:
            log.add(
                label,
                dat_line,
                None,
                _("DAT section declares {length} bytes but holds {available}").format(
                    length=length, available=available
                ),
            )
            length = available
        elif extra > 2:  # a final CRLF after the data is harmless
            log.add(
                label,
                dat_line,
                None,
                _("{count} bytes after the declared {length}-byte DAT section ignored").format(
                    count=extra, length=length
                ),
            )
    return CffSections(
        cfg=bytes(cfg),
        cfg_first_line=cfg_line + 1,
        inf=bytes(inf) if inf else None,
        hdr=bytes(hdr) if hdr else None,
        dat_offset=d0,
        dat_length=length,
        dat_first_line=dat_line + 1,
        dat_format=fmt,
    )
