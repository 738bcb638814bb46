"""Saving reports the panes render as HTML: the file name a save dialog gave, and PDF printing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from app.report_page import write_report


def with_default_suffix(path: str, suffixes: tuple[str, ...], chosen_filter: str) -> Path:
    """``path``, with the suffix of the chosen filter when it has none of ``suffixes`` (file dialogs
    do not add it)."""
    target = Path(path)
    if target.suffix.lower() in suffixes:
        return target
    chosen = next((s for s in suffixes if f"*{s}" in chosen_filter), suffixes[0])
    return target.with_name(target.name + chosen)


def write_pdf_report(path: Path, html: str, title: str) -> Path:
    """Print the report's HTML to an A4 PDF file at ``path``."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("MeterDesk")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    document = QTextDocument()
    document.setHtml(html)
    document.print_(writer)
    buffer.close()
    return write_report(path, bytes(buffer.data()))
