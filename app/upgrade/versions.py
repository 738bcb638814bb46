"""Firmware version numbers: ``4.6.0``, ``v4.6.0`` and the ION file form ``004.006.000`` alike."""

from __future__ import annotations

import re
from typing import NamedTuple

from app.errors import MeterDeskError
from app.i18n import _

_VERSION_RE = re.compile(r"^[vV]?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?$")


class Version(NamedTuple):
    """A three-part version, ordered numerically (``2.10.0`` is after ``2.9.0``)."""

    major: int
    minor: int
    patch: int = 0

    @classmethod
    def parse(cls, text: str, what: str | None = None) -> Version:
        """Parse ``text``; a :class:`MeterDeskError` names ``what`` (translated text) when it is not a version."""
        match = _VERSION_RE.match(str(text).strip())
        if match is None:
            raise MeterDeskError(_("{what} {text} is not a version like 4.6.0").format(
                what=what or _("version"), text=repr(text)))
        major, minor, patch = match.groups()
        return cls(int(major), int(minor), int(patch or 0))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


def same_version(text: str, version: Version) -> bool:
    """True if ``text`` (a version as a device or a file shows it) is ``version``; False when it is no version."""
    try:
        return Version.parse(text) == version
    except MeterDeskError:
        return False
