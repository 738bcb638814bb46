import textwrap

import pytest

from app.errors import ProfileError
from app.profiles import load_all, load_profile
from app.profiles.loader import profiles_dir

MINIMAL = """
[profile]
id = "demo"
version = 1
vendor = "V"
model = "M"
[numbering]
3 = 1
[links]
tcp_port = 502
[identity]
vendor = "V"
model = "M"
[[groups]]
id = "g"
label = "G"
kind = "measurement"
"""


def write(tmp_path, registers: str, head: str = MINIMAL):
    path = tmp_path / "demo.toml"
    path.write_text(textwrap.dedent(head) + textwrap.dedent(registers), encoding="utf-8")
    return path


def test_every_shipped_profile_loads_and_cites_sources():
    profiles = load_all()
    assert "ion7400" in profiles
    files = sorted(p.stem for p in profiles_dir().glob("*.toml"))
    assert sorted(profiles) == files
    for profile in profiles.values():
        for r in profile.registers:
            assert r.source.strip(), f"{profile.id}.{r.name} has no source"
            assert r.group in {g.id for g in profile.groups}


def test_repeat_expands_blocks(tmp_path):
    p = load_profile(write(tmp_path, """
        [[registers]]
        name = "ch_{n}_current"
        label = "Channel {n} current"
        reg = 1001
        address = 1000
        function = 3
        type = "int16"
        group = "g"
        source = "test"
        repeat = 3
    """))
    assert [(r.name, r.address, r.reg, r.label) for r in p.registers] == [
        ("ch_1_current", 1000, 1001, "Channel 1 current"),
        ("ch_2_current", 1001, 1002, "Channel 2 current"),
        ("ch_3_current", 1002, 1003, "Channel 3 current"),
    ]


@pytest.mark.parametrize("entry,message", [
    ('type = "flt32"', r"demo.toml: registers\[0\] 'x': field 'type': unknown type 'flt32'"),
    ('reg = 200', r"demo.toml: registers\[0\] 'x': field 'reg': register 200 does not match address 99"),
    ('group = "nope"', r"field 'group': no group 'nope'"),
    ('source = " "', r"field 'source': say where the address comes from"),
    ('access = "RO"', r"field 'access': 'RO' is not R, RW or W"),
    ('min = 5\nmax = 1', r"fields 'min'/'max': 5 > 1"),
    ('colour = "red"', r"unknown field 'colour'"),
    ('address = "x"', r"field 'address': expected an integer, got 'x'"),
])
def test_errors_name_file_entry_and_field(tmp_path, entry, message):
    fields = {"name": '"x"', "reg": "100", "address": "99", "function": "3", "type": '"uint16"',
              "group": '"g"', "source": '"t"'}
    key = entry.split("=")[0].strip()
    lines = [f"{k} = {v}" for k, v in fields.items() if k != key] + [entry]
    path = write(tmp_path, "[[registers]]\n" + "\n".join(lines) + "\n")
    with pytest.raises(ProfileError, match=message):
        load_profile(path)


def test_overlapping_registers_are_rejected(tmp_path):
    path = write(tmp_path, """
        [[registers]]
        name = "a"
        reg = 11
        address = 10
        function = 3
        type = "float32"
        group = "g"
        source = "t"
        [[registers]]
        name = "b"
        reg = 12
        address = 11
        function = 3
        type = "uint16"
        group = "g"
        source = "t"
    """)
    with pytest.raises(ProfileError, match=r"register 'b': address 11 \(reg 12\) overlaps 'a' at 10..11"):
        load_profile(path)


def test_toml_syntax_error_names_line(tmp_path):
    path = write(tmp_path, "[[registers]\n")
    with pytest.raises(ProfileError, match=r"demo.toml: not valid TOML: .*line"):
        load_profile(path)
