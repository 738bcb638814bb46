"""The GUI's registry of device sessions: state signals and the heartbeat that keeps links alive."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

from app.modbus.tls import CertificatePins
from app.session import DeviceAddress, DeviceSession, LinkPool
from ui.tasks import spawn

HEARTBEAT_MS = 500  # how often sessions are looked at
CHECK_INTERVAL_S = 2.0  # a live device gets one light request this often


class Sessions(QObject):
    """One :class:`DeviceSession` per device address, shared by every pane.

    A heartbeat checks every live device every :data:`CHECK_INTERVAL_S` and
    retries dropped ones after their back-off delay, so polling resumes
    without the user doing anything. A changed TLS certificate is announced by
    :attr:`sig_certificate_changed` and never retried on its own.
    """

    sig_state_changed = Signal(object)  # DeviceSession
    sig_certificate_changed = Signal(object)  # DeviceSession (its certificate_change says what)

    def __init__(self, parent: QObject | None = None, pins: CertificatePins | None = None,
                 check_interval: float = CHECK_INTERVAL_S) -> None:
        super().__init__(parent)
        self.pool = LinkPool(pins)
        self.check_interval = check_interval
        self._sessions: dict[DeviceAddress, DeviceSession] = {}
        self._busy: set[DeviceSession] = set()
        self._last_check: dict[DeviceSession, float] = {}
        self._heartbeat = QTimer(self, interval=HEARTBEAT_MS, timeout=self._beat)
        self._heartbeat.start()

    def session(self, address: DeviceAddress, timeout: float | None = None) -> DeviceSession:
        session = self._sessions.get(address)
        if session is None:
            session = self._sessions[address] = DeviceSession(address, self.pool, timeout=timeout)
        elif timeout is not None and session.link is None:
            session.timeout = timeout
        return session

    def sessions(self) -> list[DeviceSession]:
        return list(self._sessions.values())

    async def connect(self, session: DeviceSession) -> None:
        if session.device is not None:
            return  # already connected: nothing to announce
        session.state = "connecting"
        self.sig_state_changed.emit(session)
        try:
            await session.connect()
        finally:
            self._announce(session)

    async def check(self, session: DeviceSession) -> None:
        try:
            await session.check()
        finally:
            self._announce(session)

    def disconnect(self, session: DeviceSession) -> None:
        session.disconnect()
        self.sig_state_changed.emit(session)

    def forget(self, address: DeviceAddress) -> None:
        """Disconnect and drop the session of a device removed or moved in the tree."""
        session = self._sessions.pop(address, None)
        if session is not None:
            self._last_check.pop(session, None)
            self.disconnect(session)

    def close_all(self) -> None:
        self._heartbeat.stop()
        for session in self._sessions.values():
            session.disconnect()

    def _announce(self, session: DeviceSession) -> None:
        self.sig_state_changed.emit(session)
        if session.certificate_change is not None:
            self.sig_certificate_changed.emit(session)

    def _beat(self) -> None:
        loop_time = time.monotonic()
        for session in list(self._sessions.values()):
            if session in self._busy or session.state not in ("connected", "error", "reconnecting"):
                continue
            if session.certificate_change is not None:
                continue
            if session.state == "reconnecting":
                due = session.retry_at is not None and loop_time >= session.retry_at
            else:
                due = loop_time - self._last_check.get(session, 0.0) >= self.check_interval
            if due:
                self._busy.add(session)
                self._last_check[session] = loop_time
                spawn(self._supervise(session), lambda _message: None)  # the state change shows it

    async def _supervise(self, session: DeviceSession) -> None:
        before = session.state
        try:
            await session.supervise()
        finally:
            self._busy.discard(session)
            if session.state != before or session.state != "connected":
                self._announce(session)
