"""Load and validate device profiles (TOML, one file per device model).

Every problem is reported as a :class:`~app.errors.ProfileError` naming the
file, the entry (``registers[12] 'current_a'``) and the field.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from app.errors import ProfileError
from app.i18n import _, profile_text
from app.profiles.model import (
    ACCESS,
    CALCULATOR_ROLES,
    LINK_KINDS,
    READ_FUNCTIONS,
    RULE_KINDS,
    RULE_SEVERITIES,
    TYPE_WORDS,
    Calculator,
    Condition,
    Group,
    Identity,
    LinkDefaults,
    Profile,
    Register,
    Rule,
    Span,
)
from app.resources import resource_path

NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
GROUP_KINDS = ("measurement", "setting", "identity", "command")
REGISTER_FIELDS = {
    "name", "label", "address", "reg", "function", "type", "words", "group",
    "source", "access", "word_order", "byte_order", "scale", "scale_register",
    "unit", "min", "max", "enum", "bits", "default", "help", "quantity", "format",
    "restart", "sentinels", "repeat", "stride", "first", "device_specific", "link", "caution",
}  # fmt: skip
RULE_FIELDS = {
    "kind", "registers", "message", "source", "severity", "min", "max", "values", "limit", "of", "plus", "when",
}  # fmt: skip
FORMATS = ("ipv4", "hex", "version")


def profiles_dir() -> Path:
    return resource_path("profiles")


@cache
def load_all(directory: str | None = None) -> dict[str, Profile]:
    """Load every ``*.toml`` profile in ``directory`` (default: the shipped ones)."""
    folder = Path(directory) if directory else profiles_dir()
    profiles: dict[str, Profile] = {}
    for path in sorted(folder.glob("*.toml")):
        profile = load_profile(path)
        if profile.id in profiles:
            raise ProfileError(
                _("{name}: profile id {id!r} is also used by {name2}").format(
                    name=path.name, id=profile.id, name2=Path(profiles[profile.id].path).name)
            )
        profiles[profile.id] = profile
    return profiles


def profile_by_id(profile_id: str) -> Profile:
    """Return a shipped profile, with a message listing the known ids if absent."""
    profiles = load_all()
    try:
        return profiles[profile_id]
    except KeyError:
        known = ", ".join(sorted(profiles))
        raise ProfileError(_("unknown profile {profile_id!r} (known: {known})").format(
            profile_id=profile_id, known=known)) from None


def load_profile(path: str | Path) -> Profile:
    """Parse and validate one profile file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError(_("{path}: cannot read ({strerror})").format(path=path, strerror=exc.strerror)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(_("{name}: not valid TOML: {reason}").format(name=path.name, reason=exc)) from None
    except UnicodeDecodeError as exc:
        raise ProfileError(_("{name}: not UTF-8 text (byte {start})").format(
            name=path.name, start=exc.start)) from None
    return _Builder(path, data).build()


class _Builder:
    """Turns the parsed TOML of one file into a validated :class:`Profile`."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data

    def fail(self, where: str, message: str) -> ProfileError:
        return ProfileError(_("{file}: {where}: {message}").format(file=self.path.name, where=where, message=message))

    def table(self, key: str, required: bool = True) -> dict[str, Any]:
        value = self.data.get(key)
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            raise self.fail(f"[{key}]", _("missing table"))
        return value

    def field(
        self, table: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str,
        default: Any = ...,
    ) -> Any:
        if key not in table:
            if default is ...:
                raise self.fail(where, _("field {key!r} is required").format(key=key))
            return default
        value = table[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        bool_mismatch = isinstance(value, bool) and bool not in kinds  # TOML true is not a number here
        if bool_mismatch or not isinstance(value, kind):
            raise self.fail(where, _("field {key!r}: expected {kind}, got {value!r}").format(
                key=key, kind=_kind_name(kind), value=value))
        return value

    # ---- sections

    def build(self) -> Profile:
        head = self.table("profile")
        where = "[profile]"
        profile_id = self.field(head, "id", str, where)
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", profile_id):
            raise self.fail(where, _("field 'id': {profile_id!r} must be lower-case letters, digits and '-'").format(
                profile_id=profile_id))
        self.numbering = self._numbering()
        self.sentinels = self._sentinels()
        self.defaults = self.table("defaults", required=False)
        groups = self._groups()
        self.group_ids = {g.id for g in groups}
        registers = self._registers()
        by_name = {r.name: r for r in registers}
        self._check_overlaps(registers)
        self._check_references(registers, by_name)
        identity = self._identity(set(by_name))
        return Profile(
            id=profile_id,
            version=self.field(head, "version", int, where),
            vendor=self.field(head, "vendor", str, where),
            model=self.field(head, "model", str, where),
            description=self.field(head, "description", str, where, ""),
            driver=self.field(head, "driver", str, where, "generic"),
            manual=self.field(head, "manual", str, where, ""),
            path=str(self.path),
            links=self._links(),
            identity=identity,
            groups=tuple(groups),
            registers=tuple(registers),
            readable=tuple(self._readable()),
            rules=tuple(self._rules(by_name)),
            calculators=tuple(self._calculators(by_name)),
        )

    def _numbering(self) -> dict[int, int]:
        table = self.table("numbering", required=False)
        result = {}
        for key, offset in table.items():
            if not key.isdigit() or not isinstance(offset, int) or isinstance(offset, bool):
                raise self.fail("[numbering]", _("entry {key!r} must map a function code to an integer offset").format(
                    key=key))
            result[int(key)] = offset
        return result

    def _sentinels(self) -> dict[str, tuple[int, ...]]:
        table = self.table("sentinels", required=False)
        result = {}
        for type_name, values in table.items():
            if type_name not in TYPE_WORDS:
                raise self.fail("[sentinels]", _("unknown type {type_name!r}").format(type_name=type_name))
            if not isinstance(values, list) or not all(isinstance(v, int) for v in values):
                raise self.fail("[sentinels]", _("field {type_name!r}: expected a list of raw integers").format(
                    type_name=type_name))
            result[type_name] = tuple(values)
        return result

    def _links(self) -> LinkDefaults:
        table = self.table("links")
        where = "[links]"
        parity = self.field(table, "serial_parity", str, where, "N")
        if parity not in ("N", "E", "O"):
            raise self.fail(where, _("field 'serial_parity': {parity!r} is not N, E or O").format(parity=parity))
        return LinkDefaults(
            tcp_port=self.field(table, "tcp_port", int, where, None),
            tcp_unit=self.field(table, "tcp_unit", int, where, 1),
            serial_baud=self.field(table, "serial_baud", int, where, None),
            serial_parity=parity,
            serial_stopbits=self.field(table, "serial_stopbits", int, where, 1),
            serial_unit=self.field(table, "serial_unit", int, where, 1),
            bauds=tuple(self.field(table, "bauds", list, where, [])),
            source=self.field(table, "source", str, where, ""),
        )

    def _identity(self, names: set[str]) -> Identity:
        table = self.table("identity")
        where = "[identity]"
        refs = {}
        for key in ("model_register", "serial_register", "firmware_register", "name_register"):
            ref = self.field(table, key, str, where, None)
            if ref is not None and ref not in names:
                raise self.fail(where, _("field {key!r}: no register named {ref!r}").format(key=key, ref=ref))
            refs[key] = ref
        return Identity(
            vendor=self.field(table, "vendor", str, where),
            model=self.field(table, "model", str, where),
            fc43=self.field(table, "fc43", bool, where, False),
            match=self.field(table, "match", str, where, ""),
            **refs,
        )

    def _groups(self) -> list[Group]:
        groups = []
        for i, entry in enumerate(self.data.get("groups", [])):
            where = f"groups[{i}]"
            gid = self.field(entry, "id", str, where)
            kind = self.field(entry, "kind", str, where)
            if kind not in GROUP_KINDS:
                raise self.fail(f"{where} {gid!r}", _("field 'kind': {kind!r} is not one of {items}").format(
                    kind=kind, items=', '.join(GROUP_KINDS)))
            groups.append(Group(
                id=gid,
                label=profile_text(self.field(entry, "label", str, where)),
                kind=kind,
                rate=float(self.field(entry, "rate", (int, float), where, 1.0)),
            ))
        seen = set()
        for g in groups:
            if g.id in seen:
                raise self.fail("groups", _("group id {id!r} is defined twice").format(id=g.id))
            seen.add(g.id)
        return groups

    def _readable(self) -> list[Span]:
        spans = []
        for i, entry in enumerate(self.data.get("readable", [])):
            where = f"readable[{i}]"
            span = Span(
                function=self.field(entry, "function", int, where),
                start=self.field(entry, "start", int, where),
                end=self.field(entry, "end", int, where),
                source=self.field(entry, "source", str, where),
            )
            if not 0 <= span.start < span.end <= 65536:
                raise self.fail(where, _("start {start} / end {end} is not a valid range").format(
                    start=span.start, end=span.end))
            spans.append(span)
        return spans

    def _rules(self, by_name: dict[str, Register]) -> list[Rule]:
        rules = []
        for i, entry in enumerate(self.data.get("rules", [])):
            where = f"rules[{i}]"
            if not isinstance(entry, dict):
                raise self.fail(where, _("expected a table"))
            unknown = set(entry) - RULE_FIELDS
            if unknown:
                raise self.fail(where, _("unknown field {value!r}").format(value=min(unknown)))
            kind = self.field(entry, "kind", str, where)
            if kind not in RULE_KINDS:
                raise self.fail(where, _("field 'kind': {kind!r} is not one of {items}").format(
                    kind=kind, items=', '.join(RULE_KINDS)))
            severity = self.field(entry, "severity", str, where, "error")
            if severity not in RULE_SEVERITIES:
                raise self.fail(where, _("field 'severity': {severity!r} is not 'error' or 'warning'").format(
                    severity=severity))
            rule = Rule(
                kind=kind,
                registers=tuple(self._names(entry, "registers", where, by_name)),
                message=profile_text(self.field(entry, "message", str, where)),
                source=self.field(entry, "source", str, where),
                severity=severity,
                minimum=self.field(entry, "min", (int, float), where, None),
                maximum=self.field(entry, "max", (int, float), where, None),
                values=tuple(self.field(entry, "values", list, where, [])),
                limit=self._name(entry, "limit", where, by_name),
                of=tuple(self._names(entry, "of", where, by_name, required=False)),
                plus=self.field(entry, "plus", int, where, 0),
                when=self._condition(entry, where, by_name),
            )
            needs = {"range": rule.minimum is not None or rule.maximum is not None or rule.values,
                     "not_greater": rule.limit is not None, "multiple": bool(rule.of) or rule.plus > 0,
                     "distinct": len(rule.registers) > 1, "installed": len(rule.registers) == 1}
            if not needs[kind]:
                problem = {"range": _("a {kind!r} rule needs 'min', 'max' or 'values'"),
                           "not_greater": _("a {kind!r} rule needs 'limit'"),
                           "multiple": _("a {kind!r} rule needs 'of' or 'plus'"),
                           "distinct": _("a {kind!r} rule needs two or more 'registers'"),
                           "installed": _("a {kind!r} rule needs exactly one register")}[kind]
                raise self.fail(where, problem.format(kind=kind))
            rules.append(rule)
        return rules

    def _name(self, entry: dict[str, Any], key: str, where: str, by_name: dict[str, Register]) -> str | None:
        name = self.field(entry, key, str, where, None)
        if name is not None and name not in by_name:
            raise self.fail(where, _("field {key!r}: no register named {name!r}").format(key=key, name=name))
        return name

    def _names(self, entry: dict[str, Any], key: str, where: str, by_name: dict[str, Register],
               required: bool = True) -> list[str]:
        names = self.field(entry, key, list, where, ... if required else [])
        for name in names:
            if not isinstance(name, str) or name not in by_name:
                raise self.fail(where, _("field {key!r}: no register named {name!r}").format(key=key, name=name))
        return names

    def _condition(self, entry: dict[str, Any], where: str, by_name: dict[str, Register]) -> Condition | None:
        table = self.field(entry, "when", dict, where, None)
        if table is None:
            return None
        where = f"{where} when"
        unknown = set(table) - {"register", "equals", "bit", "set"}
        if unknown:
            raise self.fail(where, _("unknown field {value!r}").format(value=min(unknown)))
        register = self._name(table, "register", where, by_name)
        if register is None:
            raise self.fail(where, _("field 'register' is required"))
        equals = self.field(table, "equals", list, where, [])
        bit = self.field(table, "bit", int, where, None)
        if bool(equals) == (bit is not None):
            raise self.fail(where, _("give either 'equals' (a list of values) or 'bit'"))
        return Condition(register, tuple(equals), bit, self.field(table, "set", bool, where, True))

    def _calculators(self, by_name: dict[str, Register]) -> list[Calculator]:
        calculators = []
        for i, entry in enumerate(self.data.get("calculators", [])):
            where = f"calculators[{i}]"
            kind = self.field(entry, "kind", str, where)
            if kind not in CALCULATOR_ROLES:
                raise self.fail(where, _("field 'kind': {kind!r} is not one of {items}").format(
                    kind=kind, items=', '.join(CALCULATOR_ROLES)))
            group = self.field(entry, "group", str, where)
            if group not in self.group_ids:
                raise self.fail(where, _("field 'group': no group {group!r}").format(group=group))
            fields = self.field(entry, "fields", dict, where)
            required, optional = CALCULATOR_ROLES[kind]
            for role in required:
                if role not in fields:
                    raise self.fail(where, _("field 'fields': a {kind} calculator needs {role!r}").format(
                        kind=kind, role=role))
            for role, name in fields.items():
                if role not in required + optional:
                    raise self.fail(where, _("field 'fields': {kind} has no role {role!r}").format(
                        kind=kind, role=role))
                if name not in by_name:
                    raise self.fail(where, _("field 'fields': no register named {name!r}").format(name=name))
            calculators.append(Calculator(kind, group, dict(fields), self.field(entry, "source", str, where)))
        return calculators

    # ---- registers

    def _registers(self) -> list[Register]:
        entries = self.data.get("registers", [])
        if not isinstance(entries, list):
            raise self.fail("[[registers]]", _("expected an array of tables"))
        if not entries and self.data.get("profile", {}).get("driver") != "offline":
            raise self.fail("[[registers]]", _("a Modbus device needs at least one register"))
        registers: list[Register] = []
        for i, raw in enumerate(entries):
            entry = {**self.defaults, **raw}
            label = f"registers[{i}] {entry.get('name', '?')!r}"
            unknown = set(raw) - REGISTER_FIELDS
            if unknown:
                raise self.fail(label, _("unknown field {value!r}").format(value=sorted(unknown)[0]))
            repeat = self.field(entry, "repeat", int, label, 1)
            first = self.field(entry, "first", int, label, 1)
            for k in range(repeat):
                registers.append(self._register(entry, label, k, first + k, repeat > 1))
        seen: dict[str, int] = {}
        for r in registers:
            if r.name in seen:
                raise self.fail(_("register {name!r}").format(name=r.name), _("name is defined twice"))
            seen[r.name] = 1
        return registers

    def _register(self, entry: dict[str, Any], where: str, k: int, n: int, repeated: bool) -> Register:
        def text(key: str, default: Any = ...) -> Any:
            value = self.field(entry, key, str, where, default)
            return value.replace("{n}", str(n)) if isinstance(value, str) else value

        def shown(key: str) -> str:
            """A text users read, in their language."""
            value = self.field(entry, key, str, where, "")
            return profile_text(value).replace("{n}", str(n)) if value else ""
        name = text("name")
        if repeated and "{n}" not in entry["name"]:
            raise self.fail(where, _("field 'name': a repeated entry needs '{n}' in its name"))
        where = f"{where.split(' ')[0]} {name!r}"
        if not NAME_RE.match(name):
            raise self.fail(where, _("field 'name': use lower-case letters, digits and '_'"))
        type_name = text("type")
        if type_name not in TYPE_WORDS:
            raise self.fail(where, _("field 'type': unknown type {type_name!r} (expected one of {items})").format(
                type_name=type_name, items=', '.join(TYPE_WORDS)))
        words = TYPE_WORDS[type_name] or self.field(entry, "words", int, where)
        if type_name != "string" and "words" in entry and entry["words"] != words:
            raise self.fail(where, _("field 'words': {type_name} takes {words} registers, not {entry}").format(
                type_name=type_name, words=words, entry=entry['words']))
        stride = self.field(entry, "stride", int, where, words)
        address = self.field(entry, "address", int, where) + k * stride
        reg = self.field(entry, "reg", int, where) + k * stride
        function = self.field(entry, "function", int, where)
        if function not in READ_FUNCTIONS:
            raise self.fail(where, _("field 'function': {function} is not a register read function (3 or 4)").format(
                function=function))
        if not 0 <= address <= 65536 - words:
            raise self.fail(where, _("field 'address': {address} is outside 0..{value}").format(
                address=address, value=65536 - words))
        if function in self.numbering and reg - self.numbering[function] != address:
            raise self.fail(
                where,
                _("field 'reg': register {reg} does not match address {address} "
                  "(this vendor numbers address = reg - {offset})").format(
                    reg=reg, address=address, offset=self.numbering[function]),
            )
        access = text("access", "R")
        if access not in ACCESS:
            raise self.fail(where, _("field 'access': {access!r} is not R, RW or W").format(access=access))
        group = text("group")
        if group not in self.group_ids:
            raise self.fail(where, _("field 'group': no group {group!r}").format(group=group))
        source = text("source")
        if not source.strip():
            raise self.fail(where, _("field 'source': say where the address comes from"))
        word_order = text("word_order", "big")
        byte_order = text("byte_order", "big")
        for key, value in (("word_order", word_order), ("byte_order", byte_order)):
            if value not in ("big", "little"):
                raise self.fail(where, _("field {key!r}: {value!r} is not 'big' or 'little'").format(
                    key=key, value=value))
        fmt = text("format", None)
        if fmt is not None and fmt not in FORMATS:
            raise self.fail(where, _("field 'format': {fmt!r} is not one of {items}").format(
                fmt=fmt, items=', '.join(FORMATS)))
        enum = self._labels(entry, "enum", where)
        bits = self._labels(entry, "bits", where)
        minimum = self.field(entry, "min", (int, float), where, None)
        maximum = self.field(entry, "max", (int, float), where, None)
        if minimum is not None and maximum is not None and minimum > maximum:
            raise self.fail(where, _("fields 'min'/'max': {minimum} > {maximum}").format(
                minimum=minimum, maximum=maximum))
        default = entry.get("default")
        if default is not None:
            self._check_default(where, default, enum, minimum, maximum, type_name)
        sentinels = entry.get("sentinels", self.sentinels.get(type_name, ()))
        if not isinstance(sentinels, (list, tuple)) or not all(isinstance(v, int) for v in sentinels):
            raise self.fail(where, _("field 'sentinels': expected a list of raw integers"))
        scale = self.field(entry, "scale", (int, float), where, 1.0)
        if scale == 0:
            raise self.fail(where, _("field 'scale': must not be 0"))
        link = self.field(entry, "link", list, where, [])
        for kind in link:
            if kind not in LINK_KINDS:
                raise self.fail(where, _("field 'link': {kind!r} is not one of {items}").format(
                    kind=kind, items=', '.join(LINK_KINDS)))
        return Register(
            name=name,
            label=shown("label") or name.replace("_", " ").capitalize(),
            address=address,
            reg=reg,
            function=function,
            type=type_name,
            words=words,
            group=group,
            source=source,
            access=access,
            word_order=word_order,
            byte_order=byte_order,
            scale=float(scale),
            scale_register=text("scale_register", None),
            unit=text("unit", ""),
            minimum=minimum,
            maximum=maximum,
            enum=enum,
            bits=bits,
            default=default,
            help=shown("help"),
            quantity=text("quantity", None),
            format=fmt,
            restart=self.field(entry, "restart", bool, where, False),
            sentinels=tuple(sentinels),
            device_specific=self.field(entry, "device_specific", bool, where, False),
            link=tuple(link),
            caution=shown("caution"),
        )

    def _labels(self, entry: dict[str, Any], key: str, where: str) -> dict[int, str] | None:
        table = entry.get(key)
        if table is None:
            return None
        if not isinstance(table, dict) or not table:
            raise self.fail(where, _('field {key!r}: expected a table of value = "label"').format(key=key))
        result = {}
        for raw, text in table.items():
            try:
                value = int(raw, 0)
            except ValueError:
                raise self.fail(where, _("field {key!r}: key {raw!r} is not an integer").format(
                    key=key, raw=raw)) from None
            if not isinstance(text, str):
                raise self.fail(where, _("field {key!r}: label for {raw} must be text").format(key=key, raw=raw))
            result[value] = text
        return result

    def _check_default(self, where, default, enum, minimum, maximum, type_name) -> None:
        if type_name == "string":
            if not isinstance(default, str):
                raise self.fail(where, _("field 'default': expected text, got {default!r}").format(default=default))
            return
        if enum is not None and default not in enum:
            raise self.fail(where, _("field 'default': {default!r} is not one of the enum values").format(
                default=default))
        if isinstance(default, (int, float)) and not isinstance(default, bool):
            if (minimum is not None and default < minimum) or (maximum is not None and default > maximum):
                raise self.fail(where, _("field 'default': {default} is outside {minimum}..{maximum}").format(
                    default=default, minimum=minimum, maximum=maximum))

    def _check_overlaps(self, registers: list[Register]) -> None:
        ordered = sorted(registers, key=lambda r: (r.function, r.address))
        for a, b in zip(ordered, ordered[1:]):
            if a.function == b.function and b.address < a.end:
                raise self.fail(
                    _("register {name!r}").format(name=b.name),
                    _("address {address} (reg {reg}) overlaps {name!r} at {address2}..{value}").format(
                        address=b.address, reg=b.reg, name=a.name, address2=a.address, value=a.end - 1),
                )

    def _check_references(self, registers: list[Register], by_name: dict[str, Register]) -> None:
        for r in registers:
            if r.scale_register is None:
                continue
            target = by_name.get(r.scale_register)
            if target is None:
                raise self.fail(_("register {name!r}").format(name=r.name), _("field 'scale_register': no register {name!r}").format(
                    name=r.scale_register))
            if target.type != "int16":
                raise self.fail(_("register {name!r}").format(name=r.name), _("field 'scale_register': {name!r} must be int16").format(
                    name=target.name))


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {int: _("an integer"), float: _("a number"), str: _("text"), bool: _("true/false"), list: _("a list"),
             dict: _("a table")}
    text = names.get(kinds[0], kinds[0].__name__)
    for k in kinds[1:]:
        text = _("{first} or {second}").format(first=text, second=names.get(k, k.__name__))
    return text
