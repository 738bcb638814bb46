"""Security audit report as self-contained HTML (Qt prints the same HTML to PDF).

The page has no scripts, links or images; it lists every device with its
findings, most severe first, and never contains a password.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path

from app import __version__
from app.errors import MeterDeskError
from app.security.audit import ProjectAudit, Severity

_STYLE = """
body { font-family: sans-serif; font-size: 10pt; color: #000; }
h1 { font-size: 16pt; margin-bottom: 2pt; }
h2 { font-size: 12pt; margin-top: 14pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #888; padding: 3pt; vertical-align: top; text-align: left; }
th { background-color: #e8e8e8; }
.small { font-size: 8pt; color: #444; }
.High { background-color: #f8d0d0; }
.Medium { background-color: #fde3c0; }
.Low { background-color: #fff3c4; }
.Info { background-color: #eef3fb; }
.clean { background-color: #d9f2d9; }
"""


class ReportError(MeterDeskError):
    """The report cannot be written."""


def render(result: ProjectAudit, *, project: str = "", when: datetime | None = None) -> str:
    """The audit of a project as an HTML page."""
    when = when or datetime.now().astimezone()
    counts = ", ".join(f"{result.count(s)} {s.label.lower()}" for s in sorted(Severity, reverse=True))
    parts = [
        "<html><head><meta charset='utf-8'><title>Security audit</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>Security audit{': ' + escape(project) if project else ''}</h1>",
        (f"<p class='small'>{escape(when.strftime('%Y-%m-%d %H:%M %Z'))} · MeterDesk {escape(__version__)} · "
        f"{len(result.devices)} device(s): {escape(counts)}</p>"),
        "<table><tr><th>Device</th><th>Model</th><th>Firmware</th><th>Result</th></tr>",
    ]
    for d in result.devices:
        verdict = f"not read: {d.error}" if d.error else "clean" if d.clean else f"worst: {d.worst.label}"
        css = "clean" if d.clean else (d.worst.label if d.worst is not None else "High")
        parts.append(f"<tr><td>{escape(d.device)}</td><td>{escape(d.model)}</td><td>{escape(d.firmware)}</td>"
                     f"<td class='{css}'>{escape(verdict)}</td></tr>")
    parts.append("</table>")
    for d in result.devices:
        parts.append(f"<h2>{escape(d.device)} <span class='small'>({escape(d.model)})</span></h2>")
        if d.error:
            parts.append(f"<p>Could not be read: {escape(d.error)}</p>")
            continue
        if not d.findings:
            parts.append("<p>No findings.</p>")
            continue
        parts.append("<table><tr><th>Severity</th><th>Finding</th><th>Recommendation</th><th>Manual</th></tr>")
        for f in d.findings:
            parts.append(f"<tr><td class='{f.severity.label}'>{f.severity.label}</td><td>{escape(f.title)}</td>"
                         f"<td>{escape(f.recommendation)}</td><td class='small'>{escape(f.source)}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_html(path: str | Path, html: str) -> Path:
    path = Path(path)
    try:
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"cannot write the report '{path}': {exc.strerror}") from None
    return path
