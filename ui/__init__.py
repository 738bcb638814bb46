"""MeterDesk GUI (PySide6 + pyqtgraph on a qasync event loop)."""
