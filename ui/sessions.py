"""The GUI's registry of device sessions, with a signal when one changes state."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.session import DeviceAddress, DeviceSession, LinkPool


class Sessions(QObject):
    """One :class:`DeviceSession` per device address, shared by every pane."""

    sig_state_changed = Signal(object)  # DeviceSession

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = LinkPool()
        self._sessions: dict[DeviceAddress, DeviceSession] = {}

    def session(self, address: DeviceAddress, timeout: float = 1.0) -> DeviceSession:
        session = self._sessions.get(address)
        if session is None:
            session = self._sessions[address] = DeviceSession(address, self.pool, timeout=timeout)
        return session

    async def connect(self, session: DeviceSession) -> None:
        session.state = "connecting"
        self.sig_state_changed.emit(session)
        try:
            await session.connect()
        finally:
            self.sig_state_changed.emit(session)

    async def check(self, session: DeviceSession) -> None:
        try:
            await session.check()
        finally:
            self.sig_state_changed.emit(session)

    def disconnect(self, session: DeviceSession) -> None:
        session.disconnect()
        self.sig_state_changed.emit(session)

    def close_all(self) -> None:
        for session in self._sessions.values():
            session.disconnect()
