"""What MeterDesk's HTML reports share (the security audit, the WPS Factory Acceptance Test):
the base style sheet and writing a report to a file, with one error for both HTML and PDF."""

from __future__ import annotations

from pathlib import Path

from app.errors import MeterDeskError
from app.i18n import _

#: Page, headings, bordered tables and small print; each report adds its own classes.
BASE_STYLE = """
body { font-family: sans-serif; font-size: 10pt; color: #000; }
h1 { font-size: 16pt; margin-bottom: 2pt; }
h2 { font-size: 12pt; margin-top: 14pt; }
table { border-collapse: collapse; }
th, td { border: 1px solid #888; padding: 3pt; vertical-align: top; text-align: left; }
th { background-color: #e8e8e8; }
.small { font-size: 8pt; color: #444; }
"""  # untranslated: CSS style sheet


class ReportError(MeterDeskError):
    """A report file cannot be written."""


def write_report(path: str | Path, content: str | bytes) -> Path:
    """Write a report to ``path``: text (HTML) as UTF-8, bytes (PDF) as they are."""
    path = Path(path)
    try:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise ReportError(
            _("cannot write the report '{path}': {reason}").format(path=path, reason=reason)
        ) from exc
    return path
