"""Project files (``*.mdproj``): readable JSON, checked on load, written atomically.

A file that is not a MeterDesk project, or one that is damaged, raises
:class:`~app.project.model.ProjectError` naming the file and, where it can,
the line or the site and device at fault. Nothing is changed on disk when a
file cannot be read, and saving replaces a file only once the new one is
completely written, so an interrupted save never loses the previous version.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from app.i18n import _
from app.project.model import DeviceEntry, KnownIdentity, Project, ProjectError, Site

FORMAT = "meterdesk-project"
VERSION = 1
SUFFIX = ".mdproj"
MAX_BYTES = 20_000_000  # a project holds sites and devices: anything larger is not one

_SERIAL_FIELDS = ("port", "baud", "parity", "stopbits")
_TCP_FIELDS = ("host", "tcp_port", "security", "client_cert", "client_key")


def project_to_dict(project: Project) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "name": project.name,
            "sites": [_site_to_dict(site) for site in project.sites]}


def _site_to_dict(site: Site) -> dict[str, Any]:
    out: dict[str, Any] = {"name": site.name, "kind": site.kind}
    for key in _SERIAL_FIELDS if site.kind == "serial" else _TCP_FIELDS:
        out[key] = getattr(site, key)
    if site.kind == "gateway":
        out["framing"] = site.framing
    out["timeout"] = site.timeout
    out["frame_delay"] = site.frame_delay
    out["devices"] = [_device_to_dict(d) for d in site.devices]
    return out


def _device_to_dict(device: DeviceEntry) -> dict[str, Any]:
    out: dict[str, Any] = {"name": device.name, "unit": device.unit, "profile": device.profile}
    if device.sftp_port != 22:
        out["sftp_port"] = device.sftp_port
    identity = {k: v for k, v in vars(device.identity).items() if v}
    if identity:
        out["last_identity"] = identity
    return out


def save_project(project: Project, path: str | Path) -> Path:
    """Write ``project`` to ``path`` (adds :data:`SUFFIX` if missing) and remember the path."""
    path = Path(path)
    if not path.name.endswith(SUFFIX):
        path = path.with_name(path.name + SUFFIX)
    text = json.dumps(project_to_dict(project), indent=2, ensure_ascii=False) + "\n"
    tmp = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        if tmp.is_file():
            tmp.unlink()
        raise ProjectError(_("cannot save the project to {path}: {value}").format(
            path=path, value=exc.strerror or exc)) from None
    project.path = path
    return path


def load_project(path: str | Path) -> Project:
    """Read and check a project file."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ProjectError(_("{path} is not a MeterDesk project (it is {st_size:,} bytes)").format(
                path=path, st_size=path.stat().st_size))
        raw = path.read_bytes()
    except OSError as exc:
        raise ProjectError(_("cannot open {path}: {value}").format(path=path, value=exc.strerror or exc)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProjectError(_("{path} is not a MeterDesk project (it is not a text file)").format(path=path)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if text.lstrip().startswith("{") and f'"{FORMAT}"' in text:
            raise ProjectError(_("{path}, line {lineno}, column {colno}: the project file is damaged ({msg})").format(
                path=path, lineno=exc.lineno, colno=exc.colno, msg=exc.msg)) from None
        raise ProjectError(_("{path} is not a MeterDesk project (it is not JSON: line {lineno}, column {colno}: "
                             "{msg})").format(path=path, lineno=exc.lineno, colno=exc.colno, msg=exc.msg)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProjectError(_('{path} is not a MeterDesk project (it has no "format": "{FORMAT}" entry)').format(
            path=path, FORMAT=FORMAT))
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise ProjectError(_("{path} was written by a newer MeterDesk (format version {version!r}; this one reads "
                             "version {supported})").format(path=path, version=version, supported=VERSION))
    reader = _Reader(path)
    sites = reader.list(data, "sites", _("the project"))
    project = Project(name=reader.get(data, "name", str, _("the project"), path.name.removesuffix(SUFFIX)),
                      path=path)
    for i, entry in enumerate(sites):
        site = reader.site(entry, i)
        if project.site(site.name) is not None:
            raise ProjectError(_("{path}: sites[{i}]: the site name {name!r} is used twice").format(
                path=path, i=i, name=site.name))
        project.sites.append(site)
    return project


class _Reader:
    """Typed access to the decoded JSON, with errors that say where."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, message: str) -> ProjectError:
        return ProjectError(_("{file}: {where}: {message}").format(file=self.path, where=where, message=message))

    def get(self, table: Any, key: str, kind: type | tuple[type, ...], where: str, default: Any = ...) -> Any:
        if not isinstance(table, dict):
            raise self.fail(where, _("expected a JSON object"))
        if key not in table:
            if default is ...:
                raise self.fail(where, _("the entry {key!r} is missing").format(key=key))
            return default
        value = table[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
            words = {int: _("a whole number"), float: _("a number"), str: _("text"), list: _("a list")}
            names = words.get(kinds[0], kinds[0].__name__)
            for k in kinds[1:]:
                names = _("{first} or {second}").format(first=names, second=words.get(k, k.__name__))
            raise self.fail(where, _("{key!r} is {dumps}, expected {names}").format(
                key=key, dumps=json.dumps(value), names=names))
        return float(value) if float in kinds and not isinstance(value, str) else value

    def list(self, table: Any, key: str, where: str) -> list:
        return self.get(table, key, list, where, [])

    def site(self, entry: Any, i: int) -> Site:
        where = f"sites[{i}]"
        name = self.get(entry, "name", str, where)
        where = f"{where} {name!r}"
        kind = self.get(entry, "kind", str, where)
        site = Site(name, kind)
        numbers = {"baud": int, "stopbits": int, "tcp_port": int, "timeout": (int, float), "frame_delay": (int, float)}
        for key in (*_SERIAL_FIELDS, *_TCP_FIELDS, "framing", "timeout", "frame_delay"):
            setattr(site, key, self.get(entry, key, numbers.get(key, str), where, getattr(site, key)))
        for j, item in enumerate(self.list(entry, "devices", where)):
            site.devices.append(self.device(item, f"{where}, devices[{j}]"))
        try:
            site.check()
        except ProjectError as exc:
            raise self.fail(where, str(exc)) from None
        return site

    def device(self, item: Any, where: str) -> DeviceEntry:
        name = self.get(item, "name", str, where)
        where = f"{where} {name!r}"
        identity = self.get(item, "last_identity", dict, where, {})
        known = KnownIdentity(**{k: self.get(identity, k, str, f"{where}, last_identity", "")
                                 for k in vars(KnownIdentity())})
        return DeviceEntry(name, self.get(item, "unit", int, where), self.get(item, "profile", str, where, ""),
                           known, self.get(item, "sftp_port", int, where, 22))


class RecentProjects:
    """The most recently opened or saved project files, newest first, in a JSON file."""

    def __init__(self, path: Path, limit: int = 10) -> None:
        self.path = Path(path)
        self.limit = limit

    def paths(self) -> list[Path]:
        """The remembered files that still exist."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []  # no list yet, or an unreadable one: it only saves the user a file dialog
        entries = data if isinstance(data, list) else []
        return [Path(p) for p in entries if isinstance(p, str) and Path(p).is_file()]

    def add(self, path: Path) -> None:
        path = Path(path).resolve()
        entries = [path] + [p for p in self.paths() if p.resolve() != path]
        self._write(entries[: self.limit])

    def remove(self, path: Path) -> None:
        path = Path(path).resolve()
        self._write([p for p in self.paths() if p.resolve() != path])

    def _write(self, entries: list[Path]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps([str(p) for p in entries], indent=1), encoding="utf-8")
        except OSError as exc:
            raise ProjectError(_("cannot update the recent projects list {path}: {value}").format(
                path=self.path, value=exc.strerror or exc)) from None
