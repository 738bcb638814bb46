"""Warning shown when a device's TLS certificate differs from the one pinned for it.

It names both fingerprints and never trusts the new certificate by default:
the user must tick that they checked it before the trust button works.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.modbus.tls import CertificateChanged


class CertificateChangedDialog(QDialog):
    """Accept (trust the new certificate) or reject (keep refusing it)."""

    def __init__(self, change: CertificateChanged, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.change = change
        self.setWindowTitle(self.tr("Certificate changed"))
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(40, 40))
        heading = QLabel(self.tr("<b>The TLS certificate of %s:%d has changed.</b>") % (change.host, change.port))
        text = QLabel(self.tr(
            "MeterDesk refused the connection and sent nothing. A certificate changes when the device is "
            "replaced, reset or gets a new certificate, but also when another machine answers in its place. "
            "Trust the new certificate only if you can confirm its fingerprint on the device itself."))
        text.setWordWrap(True)
        self.pinned_label = QLabel(change.pinned)
        self.offered_label = QLabel(change.offered.fingerprint)
        for label in (self.pinned_label, self.offered_label):
            label.setWordWrap(True)
            label.setStyleSheet("font-family: monospace;")
        form = QFormLayout()
        form.addRow(self.tr("Pinned (SHA-256)"), self.pinned_label)
        form.addRow(self.tr("Offered now (SHA-256)"), self.offered_label)
        form.addRow(self.tr("Offered subject"), QLabel(change.offered.subject))
        form.addRow(self.tr("Offered valid until"), QLabel(change.offered.not_after))
        self.confirm_box = QCheckBox(self.tr("I have checked the new fingerprint with the device"))
        self.buttons = QDialogButtonBox()
        self.keep_button = self.buttons.addButton(self.tr("Keep refusing"), QDialogButtonBox.ButtonRole.RejectRole)
        self.trust_button = self.buttons.addButton(self.tr("Trust the new certificate"),
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.trust_button.setEnabled(False)
        self.keep_button.setDefault(True)
        self.confirm_box.toggled.connect(self.trust_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(icon)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.confirm_box)
        layout.addWidget(self.buttons)
