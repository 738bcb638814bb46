"""The security event log: a device's access events and imported WPS audit logs, by priority.

Device events carry the ION priorities 0-255 (ion7400-part1.md L1242-L1284).
A WPS audit log (syslog format, :mod:`app.wps.audit_log`) has syslog
severities instead; they map onto the same scale through the ION7400's own
syslog table (part2 §9.9), read backwards: critical and worse → High (255),
error → High (192), warning → Medium (128), notice → Low (64), informational
→ 32 and debug → 6 (both Info only). A WPS security event without a severity
counts as Medium.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from app.i18n import N_, _
from app.security.accounts import band_of
from app.security.client import AccessEvent
from app.wps.audit_log import AuditLog, Severity

_SYSLOG_PRIORITY = {
    Severity.EMERGENCY: 255, Severity.ALERT: 255, Severity.CRITICAL: 255, Severity.ERROR: 192,
    Severity.WARNING: 128, Severity.NOTICE: 64, Severity.INFORMATIONAL: 32, Severity.DEBUG: 6,
}  # fmt: skip
#: Minimum-priority filters offered to users: (label, lowest priority shown).
FILTERS = ((N_("All events"), 0), (N_("Info and above"), 6), (N_("Low and above"), 64),
           (N_("Medium and above"), 128), (N_("High only"), 192))  # fmt: skip


@dataclass(frozen=True)
class SecurityEvent:
    """One row of the security event log (its texts in the user's language)."""

    time: datetime | None
    device: str
    priority: int
    event: str
    account: str = ""
    channel: str = ""
    source: str = "device"

    @property
    def band(self) -> str:
        return band_of(self.priority).label


def from_device(events: Iterable[AccessEvent]) -> list[SecurityEvent]:
    source = _("device")
    return [SecurityEvent(e.time, e.device, e.priority, e.text, e.account, e.channel, source) for e in events]


def from_wps(log: AuditLog, device: str) -> list[SecurityEvent]:
    """The events of an imported WPS audit log, with priorities as the module docstring says."""
    rows = []
    for e in log.events:
        if e.severity is not None:
            priority = _SYSLOG_PRIORITY[e.severity]
        else:
            priority = 128 if e.security else 32
        what = e.category.label if e.category is not None else ""
        text = f"{e.message} [{what}]" if what else e.message
        rows.append(SecurityEvent(e.timestamp, device, priority, text, channel=e.app or "",
                                  source=_("WPS audit log line {line}").format(line=e.line)))
    return rows


def filtered(events: Iterable[SecurityEvent], minimum: int) -> list[SecurityEvent]:
    """Events with a priority of ``minimum`` or more, newest first (undated ones last)."""
    kept = [e for e in events if e.priority >= minimum]
    return sorted(kept, key=lambda e: (e.time is not None, e.time or datetime.min), reverse=True)
