"""Device configurations: read, save, compare and write a device's settings.

The core API, also used to back up and restore settings around other work
(e.g. a firmware upgrade)::

    from app.config import read_configuration, save, load, diff, write_configuration

    config = await read_configuration(device)       # every setting the profile names
    save(config, "feeder-7.toml")                    # readable TOML (or .json)
    ...
    backup = load("feeder-7.toml")                   # errors name the file and line
    changes = diff(await read_configuration(device), backup)
    report = await write_configuration(device, backup)   # only what differs, verified
    if not report.ok:
        print(report.summary())

* :class:`Configuration`: profile, values by setting name (engineering
  values), installation facts, where and when it was read.
* :func:`read_configuration` reads every readable, writable register of the
  profile's setting groups.
* :func:`save` / :func:`load` write and read TOML or JSON carrying the
  profile id and version.
* :func:`diff` lists :class:`Change` rows (old → new) of what writing one
  configuration over another changes.
* :func:`check` lists :class:`Problem` s: values a register refuses and
  broken cross-field rules of the profile.
* :func:`write_configuration` (= :func:`prepare_write` + :func:`apply_write`)
  refuses bad values before any frame is sent, writes only what differs, in a
  safe order (link-cutting settings last), verifies each setting by read-back
  and returns a :class:`WriteReport` with one :class:`SettingResult` per
  setting; :class:`ChangeLog` records what was sent.
"""

from app.config.changelog import ChangeLog, LogEntry
from app.config.device_io import (
    SettingResult,
    WritePlan,
    WriteReport,
    apply_write,
    prepare_write,
    read_configuration,
    write_configuration,
)
from app.config.diff import Change, diff
from app.config.files import load, save
from app.config.model import Configuration, ConfigurationError
from app.config.rules import Problem, check

__all__ = [
    "Change",
    "ChangeLog",
    "Configuration",
    "ConfigurationError",
    "LogEntry",
    "Problem",
    "SettingResult",
    "WritePlan",
    "WriteReport",
    "apply_write",
    "check",
    "diff",
    "load",
    "prepare_write",
    "read_configuration",
    "save",
    "write_configuration",
]
