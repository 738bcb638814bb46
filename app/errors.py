"""Error types whose messages are meant for users.

Every error that may reach a user derives from :class:`MeterDeskError`. Its
message names what is wrong and where (file and line, device and register);
the CLI and GUI print it as is, never with a traceback.
"""


class MeterDeskError(Exception):
    """Base class for errors shown to users as plain messages."""


class ProfileError(MeterDeskError):
    """A device profile file is malformed or inconsistent."""


class ValidationError(MeterDeskError):
    """A value is illegal for a register (range, enum, type)."""
