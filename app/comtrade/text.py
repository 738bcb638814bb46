"""Text handling for COMTRADE CFG, HDR and INF files: encodings and line quirks.

Recorders write their channel names in the local code page and do not say
which; we guess it here. ``chardet``-style libraries would do, but they are a
dependency for a narrow job and still guess wrong on the short, mixed
ASCII/national texts of a CFG, so the rules below are tuned for exactly that
(see :func:`guess_encoding`). Callers can always force an encoding.
"""

from __future__ import annotations

import codecs
import re

from app.comtrade.errors import ComtradeError, WarningLog
from app.i18n import _, ngettext

_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_EOF_TAIL = re.compile(r"[\x1a\x00\s]+\Z")
_NEWLINE = re.compile(r"\r\n|\r|\n")
# cp1251 letters: А..я (0xC0-0xFF) plus Ё ё Є є І і Ї ї Ў ў Ґ ґ.
_CP1251_LETTERS = frozenset(range(0xC0, 0x100)) | {
    0xA8,
    0xB8,
    0xAA,
    0xBA,
    0xB2,
    0xB3,
    0xAF,
    0xBF,
    0xA1,
    0xA2,
    0xA5,
    0xB4,
}


def _is_ascii_letter(byte: int) -> bool:
    return 0x41 <= byte <= 0x5A or 0x61 <= byte <= 0x7A


def _looks_latin(data: bytes) -> bool:
    """Accented letters inside Latin words: short high-byte runs next to letters."""
    found = False
    for match in _HIGH_RUN.finditer(data):
        found = True
        start, end = match.span()
        if end - start > 2:
            return False
        before = data[start - 1] if start > 0 else 0
        after = data[end] if end < len(data) else 0
        if not (_is_ascii_letter(before) or _is_ascii_letter(after)):
            return False
    return found


def _looks_gbk(data: bytes) -> str | None:
    """The GBK/GB18030 codec name if the bytes read as common Chinese text."""
    for codec in ("gbk", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        wide = [ch for ch in text if ord(ch) > 0x7F]
        if not wide:
            return None
        in_gb2312 = 0
        for ch in wide:
            raw = ch.encode(codec)
            if len(raw) == 2 and 0xA1 <= raw[0] <= 0xF7 and 0xA1 <= raw[1] <= 0xFE:
                in_gb2312 += 1
        return codec if in_gb2312 >= 0.9 * len(wide) else None
    return None


def _looks_cp1251(data: bytes) -> bool:
    try:
        data.decode("cp1251")
    except UnicodeDecodeError:
        return False
    high = [b for b in data if b >= 0x80]
    letters = sum(1 for b in high if b in _CP1251_LETTERS)
    return bool(high) and letters >= 0.8 * len(high)


def guess_encoding(data: bytes) -> str:
    """Best guess of the code page of a CFG/HDR/INF text.

    Order: BOMs; strict UTF-8; Latin-1 when every non-ASCII byte run is at
    most two bytes long and touches an ASCII letter (accents inside words);
    GBK when the text decodes and at least 90 % of its characters are in the
    GB2312 repertoire (real Chinese text is); cp1251 when at least 80 % of the
    high bytes are Cyrillic letters; otherwise cp1252/Latin-1, which never fail.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_latin(data):
        return _western(data)
    gbk = _looks_gbk(data)
    if gbk:
        return gbk
    if _looks_cp1251(data):
        return "cp1251"
    return _western(data)


def _western(data: bytes) -> str:
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def decode(
    data: bytes, file: str, log: WarningLog, encoding: str | None = None
) -> tuple[str, str]:
    """Decode a text file; returns ``(text, encoding)``.

    A guessed non-UTF-8 encoding is reported as a warning. Bytes that the
    (guessed or given) encoding cannot decode are replaced by U+FFFD and
    reported with their line.
    """
    if encoding is None:
        encoding = guess_encoding(data)
        if encoding not in ("utf-8", "utf-8-sig"):
            log.add(
                file,
                None,
                None,
                _("text is not UTF-8; decoded as {encoding} (guessed)").format(encoding=encoding),
            )
    else:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise ComtradeError(
                _("unknown text encoding '{encoding}'").format(encoding=encoding), file=file
            ) from exc
    try:
        return data.decode(encoding), encoding
    except UnicodeError as exc:
        start = getattr(exc, "start", 0)
        line = data.count(b"\n", 0, start) + 1
        log.add(
            file, line, None, _("bytes not valid in {encoding} replaced by U+FFFD").format(encoding=encoding)
        )
        return data.decode(encoding, errors="replace"), encoding


def padding_message(count: int) -> str:
    """The warning for ``count`` end-of-file padding bytes (text or binary files)."""
    return ngettext(
        "{count} end-of-file padding byte (Ctrl-Z/NUL) ignored",
        "{count} end-of-file padding bytes (Ctrl-Z/NUL) ignored",
        count,
    ).format(count=count)


def split_lines(text: str, file: str, log: WarningLog) -> list[tuple[int, str]]:
    """Split text into ``(line_number, line)`` pairs with trailing blanks trimmed.

    Trailing Ctrl-Z (0x1A) end-of-file padding and NULs are dropped with a
    warning; blank lines are dropped (also with a warning) but keep their place
    in the numbering, so later messages still point at the right line.
    """
    tail = _EOF_TAIL.search(text)
    if tail and ("\x1a" in tail.group() or "\x00" in tail.group()):
        count = tail.group().count("\x1a") + tail.group().count("\x00")
        line = text.count("\n", 0, tail.start()) + 1
        log.add(file, line, None, padding_message(count))
    if tail:
        text = text[: tail.start()]
    text = text.removeprefix("\ufeff")
    out = []
    for number, line in enumerate(_NEWLINE.split(text), start=1):
        line = line.rstrip()
        if not line:
            log.add(file, number, None, _("blank line ignored"), kind=f"blank:{file}")
            continue
        out.append((number, line))
    return out
