"""Render the application icon (``resources/icons/meterdesk.svg``) for the installers.

``python installer/icons.py OUT`` writes ``OUT/meterdesk.ico`` (Windows: 16 to
256 px, PNG-compressed entries) and ``OUT/hicolor/<n>x<n>/apps/meterdesk.png``
(Linux icon theme sizes).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SVG = Path(__file__).resolve().parents[1] / "resources" / "icons" / "meterdesk.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
THEME_SIZES = (48, 128, 256)


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    """The icon at ``size`` × ``size`` px as PNG bytes (transparent background)."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file holding one PNG per size (Windows Vista and later read PNG entries)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(pngs)
    directory, images = b"", b""
    for size, png in sorted(pngs.items()):
        side = size % 256  # 0 means 256
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(images))
        images += png
    return header + directory + images


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python installer/icons.py OUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    _app = QGuiApplication.instance() or QGuiApplication(["icons", "-platform", "offscreen"])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"icons: cannot read {SVG}", file=sys.stderr)
        return 1
    pngs = {size: render_png(renderer, size) for size in sorted({*ICO_SIZES, *THEME_SIZES})}
    out.mkdir(parents=True, exist_ok=True)
    (out / "meterdesk.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    for size in THEME_SIZES:
        folder = out / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "meterdesk.png").write_bytes(pngs[size])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
