"""Security audit report as self-contained HTML (Qt prints the same HTML to PDF).

The page has no scripts, links or images; it lists every device with its
findings, most severe first, and never contains a password.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path

from app import __version__
from app.i18n import _, ngettext
from app.report_page import BASE_STYLE, write_report
from app.security.audit import ProjectAudit, Severity

_STYLE = BASE_STYLE + """table { width: 100%; }
.High { background-color: #f8d0d0; }
.Medium { background-color: #fde3c0; }
.Low { background-color: #fff3c4; }
.Info { background-color: #eef3fb; }
.clean { background-color: #d9f2d9; }
"""  # untranslated: CSS style sheet


def render(result: ProjectAudit, *, project: str = "", when: datetime | None = None) -> str:
    """The audit of a project as an HTML page, in the user's language (style classes stay English)."""
    when = when or datetime.now().astimezone()
    counts = ", ".join(_("{count} {severity}").format(count=result.count(s), severity=s.text.lower())
                       for s in sorted(Severity, reverse=True))
    title = _("Security audit: {project}").format(project=project) if project else _("Security audit")
    devices = ngettext("{count} device", "{count} devices", len(result.devices)).format(count=len(result.devices))
    parts = [
        f"<html><head><meta charset='utf-8'><title>{escape(_('Security audit'))}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        (f"<p class='small'>{escape(when.strftime('%Y-%m-%d %H:%M %Z'))} · MeterDesk {escape(__version__)} · "
         f"{escape(_('{devices}: {counts}').format(devices=devices, counts=counts))}</p>"),
        _row("th", _("Device"), _("Model"), _("Firmware"), _("Result"), table=True),
    ]
    for d in result.devices:
        css = "clean" if d.clean else (d.worst.label if d.worst is not None else "High")
        parts.append(_row("td", d.device, d.model, d.firmware, (d.verdict, css)))
    parts.append("</table>")
    for d in result.devices:
        parts.append(f"<h2>{escape(d.device)} <span class='small'>({escape(d.model)})</span></h2>")
        if d.error:
            parts.append(f"<p>{escape(_('Could not be read: {error}').format(error=d.error))}</p>")
            continue
        if not d.findings:
            parts.append(f"<p>{escape(_('No findings.'))}</p>")
            continue
        parts.append(_row("th", _("Severity"), _("Finding"), _("Recommendation"), _("Manual"), table=True))
        for f in d.findings:
            parts.append(_row("td", (f.severity.text, f.severity.label), f.title, f.recommendation,
                              (f.source, "small")))
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _row(cell: str, *texts: str | tuple[str, str], table: bool = False) -> str:
    """A table row of escaped ``texts`` (a ``(text, style class)`` pair for a styled cell); ``table``
    opens the table first."""
    cells = []
    for text in texts:
        text, css = text if isinstance(text, tuple) else (text, "")
        attribute = f" class='{css}'" if css else ""
        cells.append(f"<{cell}{attribute}>{escape(text)}</{cell}>")
    return ("<table>" if table else "") + "<tr>" + "".join(cells) + "</tr>"


def write_html(path: str | Path, html: str) -> Path:
    """Write the page as UTF-8 (:func:`app.report_page.write_report`; ReportError when it cannot)."""
    return write_report(path, html)
