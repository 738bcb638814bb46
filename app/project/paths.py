"""Where MeterDesk keeps the user's files: projects, recent projects, certificate pins."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

#: Environment variable that moves the data folder (tests, portable installs).
DATA_DIR_VARIABLE = "METERDESK_DATA_DIR"


def data_dir() -> Path:
    """The user data folder (platformdirs), or ``$METERDESK_DATA_DIR`` when set."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    return Path(override) if override else user_data_path("MeterDesk", appauthor=False)


def projects_dir(base: Path | None = None) -> Path:
    """The default folder for project files."""
    return (base or data_dir()) / "projects"
