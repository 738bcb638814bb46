"""Configuration files: readable TOML (or JSON) carrying the profile id and version.

Layout (TOML; JSON has the same tables as objects)::

    [meterdesk]
    format = 1
    profile = "ion7400"
    profile_version = 1
    device = "ION7400 main incomer"        # where it was read (optional)
    read_at = "2025-05-01T09:30:00+00:00"  # when (optional)

    [installation]                         # site facts no register holds (optional)

    [settings.metering]                    # one table per setting group
    volts_mode = "4W-WYE"                  # enum labels, dotted IPv4 addresses
    pt_primary = 20000                     # V, 1..999999

Enum settings are written as their labels and IPv4 addresses dotted, so a file
reads like the manual's screens; loading accepts labels or numbers. Every bad
entry is reported with the file and line.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from app.config.model import FORMAT_VERSION, Configuration, ConfigurationError
from app.errors import MeterDeskError, ValidationError
from app.i18n import _
from app.modbus import codec
from app.modbus.codec import Value
from app.profiles import Profile, profile_by_id
from app.profiles.model import Register

SUFFIXES = (".toml", ".json")


def save(config: Configuration, path: str | Path) -> Path:
    """Write ``config`` as TOML, or JSON when ``path`` ends in ``.json``."""
    path = Path(path)
    text = to_json(config) if path.suffix.lower() == ".json" else to_toml(config)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(_("{path}: cannot write ({value})").format(
            path=path, value=exc.strerror or exc)) from None
    return path


def load(path: str | Path, profile: Profile | None = None) -> Configuration:
    """Read a configuration file; ``profile`` overrides the shipped profile its header names."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(_("{path}: cannot read ({value})").format(
            path=path, value=exc.strerror or exc)) from None
    except UnicodeDecodeError as exc:
        raise ConfigurationError(_("{path}: not UTF-8 text (byte {start})").format(
            path=path, start=exc.start)) from None
    return parse(text, str(path), json_format=path.suffix.lower() == ".json", profile=profile)


def parse(text: str, name: str, json_format: bool = False, profile: Profile | None = None) -> Configuration:
    """Parse configuration text; ``name`` is the file name used in messages."""
    if json_format:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigurationError(_("{name}, line {lineno}: not valid JSON ({msg})").format(
                name=name, lineno=exc.lineno, msg=exc.msg)) from None
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigurationError(_("{name}: not valid TOML ({reason})").format(name=name, reason=exc)) from None
    return _Reader(text, name, json_format).build(data, profile)


# ---- writing


def _plain(reg: Register, value: Value) -> Value:
    """The value as a file shows it: enum label, dotted IPv4, or the number or text itself."""
    if reg.enum is not None and value in reg.enum:
        return reg.enum[value]
    if reg.format == "ipv4" and isinstance(value, int):
        return codec.format_value(reg, value)
    return value


def _note(reg: Register) -> str:
    """A comment with the unit and the allowed values."""
    if reg.enum is not None:
        allowed = "one of " + ", ".join(reg.enum.values())  # untranslated: comment written into the TOML file
    elif reg.bits is not None:
        allowed = "bits: " + ", ".join(f"{bit} {label}" for bit, label in reg.bits.items())
    elif reg.type == "string":
        allowed = f"text, up to {2 * reg.words} bytes"  # untranslated: comment written into the TOML file
    elif reg.format == "ipv4":
        allowed = "IPv4 address"  # untranslated: comment written into the TOML file
    elif reg.minimum is not None or reg.maximum is not None:
        low = "" if reg.minimum is None else f"{reg.minimum:g}"
        high = "" if reg.maximum is None else f"{reg.maximum:g}"
        allowed = f"{low}..{high}"
    else:
        allowed = ""
    return ", ".join(p for p in (reg.unit if reg.enum is None else "", allowed) if p)


def _toml_value(value: Value) -> str:
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, float):
        return repr(value)
    return str(value)


def to_toml(config: Configuration) -> str:
    profile = config.profile
    lines = [f"# MeterDesk configuration for {profile.vendor} {profile.model}", ""]  # untranslated: TOML file comment
    lines += ["[meterdesk]", f"format = {FORMAT_VERSION}", f"profile = {json.dumps(profile.id)}",
              f"profile_version = {profile.version}"]
    if config.device:
        lines.append(f"device = {json.dumps(config.device)}")
    if config.read_at:
        lines.append(f"read_at = {json.dumps(config.read_at)}")
    if config.installation:
        lines += ["", "# How the site is really built: the matching settings must agree",  # untranslated: TOML file comment
                  "[installation]"]
        for name, value in config.installation.items():
            lines.append(f"{name} = {_toml_value(_plain(profile.register(name), value))}")
    for group in profile.groups:
        regs = [r for r in profile.in_group(group.id) if r.name in config.values]
        odd = [r for r in profile.in_group(group.id) if r.name in config.unusable]
        if not regs and not odd:
            continue
        lines += ["", f"# {group.label}", f"[settings.{group.id}]"]
        for reg in odd:
            held = codec.format_value(reg, config.unusable[reg.name])
            lines.append(f"# {reg.name}: the device holds {held}, "  # untranslated: TOML file comment
                         f"which the profile does not allow ({_note(reg)})")
        if not regs:
            continue
        width = max(len(f"{r.name} = {_toml_value(_plain(r, config.values[r.name]))}") for r in regs)
        for reg in regs:
            entry = f"{reg.name} = {_toml_value(_plain(reg, config.values[reg.name]))}"
            note = _note(reg)
            lines.append(f"{entry:<{width}}  # {note}" if note else entry)
    return "\n".join(lines) + "\n"


def to_json(config: Configuration) -> str:
    profile = config.profile
    head: dict[str, Any] = {"format": FORMAT_VERSION, "profile": profile.id, "profile_version": profile.version}
    if config.device:
        head["device"] = config.device
    if config.read_at:
        head["read_at"] = config.read_at
    data: dict[str, Any] = {"meterdesk": head}
    if config.installation:
        data["installation"] = {n: _plain(profile.register(n), v) for n, v in config.installation.items()}
    settings: dict[str, Any] = {}
    for group in profile.groups:
        regs = [r for r in profile.in_group(group.id) if r.name in config.values]
        if regs:
            settings[group.id] = {r.name: _plain(r, config.values[r.name]) for r in regs}
    data["settings"] = settings
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# ---- reading


class _Reader:
    """Turns parsed file data into a :class:`Configuration`, naming the line of every bad entry."""

    def __init__(self, text: str, name: str, json_format: bool) -> None:
        self.name = name
        self.json_format = json_format
        self.lines = text.splitlines()
        self.problems: list[str] = []

    def line_of(self, key: str, table: str = "") -> int | None:
        """1-based line where ``key`` is set (inside ``[table]`` for TOML), if it can be found."""
        if self.json_format:
            pattern = re.compile(rf'^\s*"{re.escape(key)}"\s*:')
            return next((i for i, line in enumerate(self.lines, 1) if pattern.match(line)), None)
        current = ""
        header = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
        assignment = re.compile(rf'^\s*"?{re.escape(key)}"?\s*=')
        for i, line in enumerate(self.lines, 1):
            found = header.match(line)
            if found:
                current = found.group(1).replace(" ", "")
            elif current == table and assignment.match(line):
                return i
        return None

    def where(self, key: str, table: str = "") -> str:
        line = self.line_of(key, table)
        return _("{name}, line {line}").format(name=self.name, line=line) if line else self.name

    def fail(self, message: str, key: str = "", table: str = "") -> ConfigurationError:
        return ConfigurationError(_("{where}: {detail}").format(
            where=self.where(key, table) if key else self.name, detail=message))

    def build(self, data: dict[str, Any], profile: Profile | None) -> Configuration:
        head = data.get("meterdesk")
        if not isinstance(head, dict):
            raise self.fail(_("not a MeterDesk configuration (no [meterdesk] table naming the profile)"))
        fmt = head.get("format", FORMAT_VERSION)
        if not isinstance(fmt, int) or fmt > FORMAT_VERSION:
            raise self.fail(_("format {fmt!r} is newer than this MeterDesk reads ({FORMAT_VERSION})").format(
                fmt=fmt, FORMAT_VERSION=FORMAT_VERSION),
                            "format", "meterdesk")
        profile_id = head.get("profile")
        if not isinstance(profile_id, str):
            raise self.fail(_('\'profile\' must name the device profile, e.g. "ion7400"'), "profile", "meterdesk")
        if profile is None:
            try:
                profile = profile_by_id(profile_id)
            except MeterDeskError as exc:
                raise self.fail(str(exc), "profile", "meterdesk") from None
        elif profile.id != profile_id:
            raise self.fail(_("the file is for profile {profile_id!r}, not {id!r}").format(
                profile_id=profile_id, id=profile.id), "profile", "meterdesk")
        version = head.get("profile_version", profile.version)
        if not isinstance(version, int) or isinstance(version, bool) or version > profile.version:
            raise self.fail(_("made with version {version!r} of profile {id!r}; this MeterDesk has version "
                              "{current}").format(version=version, id=profile.id, current=profile.version),
                            "profile_version", "meterdesk")
        settings = {r.name: r for r in profile.settings()}
        values: dict[str, Value] = {}
        tables = data.get("settings", {})
        if not isinstance(tables, dict):
            raise self.fail(_("'settings' must be a table of setting groups"), "settings")
        for group_id, table in tables.items():
            if not isinstance(table, dict):
                self.problems.append(_("{where}: [settings.{group}] must be a table").format(
                    where=self.where(group_id, "settings"), group=group_id))
                continue
            for key, raw in table.items():
                value = self.value(settings, key, raw, f"settings.{group_id}", profile)
                if value is not None:
                    values[key] = value
        installation: dict[str, Value] = {}
        facts = data.get("installation", {})
        if not isinstance(facts, dict):
            raise self.fail(_("'installation' must be a table"), "installation")
        for key, raw in facts.items():
            value = self.value(settings, key, raw, "installation", profile)
            if value is not None:
                installation[key] = value
        if self.problems:
            raise ConfigurationError("\n".join(self.problems))
        return Configuration(profile, values, installation, device=str(head.get("device", "")),
                             read_at=str(head.get("read_at", "")))

    def value(self, settings: dict[str, Register], key: str, raw: Any, table: str, profile: Profile) -> Value:
        """The checked engineering value of one entry, or None after noting the problem.

        The entry's line is looked up only for a problem (the search scans the whole text).
        """
        reg = settings.get(key)
        if reg is None:
            if profile.has(key):
                problem = _("{where}: {key!r} is a read-only register of {profile}")
            else:
                problem = _("{where}: {key!r} is not a setting of {profile}")
            self.problems.append(problem.format(where=self.where(key, table), key=key, profile=profile.id))
            return None
        try:
            if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
                raise ValidationError(_("{key}: expected a number or text, got {raw!r}").format(key=key, raw=raw))
            value = codec.parse_text(reg, raw) if isinstance(raw, str) and reg.type != "string" else raw
            return codec.validate(reg, value)
        except ValidationError as exc:
            self.problems.append(_("{where}: {detail}").format(where=self.where(key, table), detail=exc))
            return None
