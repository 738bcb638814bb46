"""Project files: round trips, clear messages for foreign or damaged files, nothing lost."""

import json

import pytest

from app.modbus.link import Endpoint
from app.project.file import RecentProjects, load_project, save_project
from app.project.model import (
    DeviceEntry,
    KnownIdentity,
    Project,
    ProjectError,
    Site,
    site_for_endpoint,
)


def sample() -> Project:
    line = Site("Panel 3 RS-485", "serial", port="/dev/ttyUSB0", baud=9600, parity="E", stopbits=1,
                timeout=0.5, frame_delay=0.01)
    line.devices.append(DeviceEntry("Incomer", 100, "ion7400",
                                    KnownIdentity("Schneider Electric", "METSEION7400", "MR-1", "4.6.0", "2025-01-02T03:04:05+00:00")))
    gateway = Site("SG gateway", "gateway", host="10.0.0.9", tcp_port=502)
    gateway.devices += [DeviceEntry("SG", 34, "iskra-sg"), DeviceEntry("Unknown meter", 7, "")]
    secure = Site("Secure meter", "tcp", host="fe80::1", tcp_port=802, security="tls",
                  client_cert="certs/me.pem", client_key="certs/me.key")
    secure.devices.append(DeviceEntry("ION", 1, "ion7400", sftp_port=2222))
    return Project("Substation 4", [line, gateway, secure])


def test_round_trip_keeps_every_setting_and_the_last_known_identity(tmp_path):
    path = save_project(sample(), tmp_path / "sub4")
    assert path.name == "sub4.mdproj"
    text = path.read_text(encoding="utf-8")
    assert '"format": "meterdesk-project"' in text and "\n  " in text  # readable, indented JSON
    loaded = load_project(path)
    assert loaded.path == path
    original = sample()
    assert loaded.name == original.name
    assert loaded.sites == original.sites
    assert loaded.sites[0].devices[0].identity.serial == "MR-1"


def test_sites_become_endpoints_and_addresses():
    project = sample()
    line, gateway, secure = project.sites
    assert line.endpoint() == Endpoint.serial("/dev/ttyUSB0", 9600, "E", 1)
    address = line.address(line.devices[0])
    assert (address.unit, address.timeout, address.frame_delay) == (100, 0.5, 0.01)
    assert gateway.endpoint() == Endpoint.tcp("10.0.0.9:502")
    assert "unencrypted" in gateway.link_label
    ep = secure.endpoint()
    assert (ep.kind, ep.host, ep.port, ep.client_cert) == ("tls", "fe80::1", 802, "certs/me.pem")
    assert secure.link_label.endswith("TLS")
    assert project.locate(secure.address(secure.devices[0])) == (secure, secure.devices[0])
    transparent = Site("EtherGate", "gateway", host="10.0.0.5", tcp_port=7801, framing="rtu-tcp")
    assert transparent.endpoint().kind == "rtu-tcp"
    assert site_for_endpoint(Endpoint.parse("rtu-tcp://10.0.0.5:7801")).kind == "gateway"
    assert site_for_endpoint(Endpoint.parse("rtu:/dev/ttyS0?baud=9600&parity=O")).parity == "O"


def test_moving_a_device_keeps_its_unit_and_refuses_a_clash():
    project = sample()
    line, gateway, _ = project.sites
    incomer = line.devices[0]
    project.move_device(incomer, line, gateway)
    assert incomer in gateway.devices and incomer not in line.devices
    other = DeviceEntry("Clash", 100, "ion7400")
    line.devices.append(other)
    with pytest.raises(ProjectError, match="already has unit 100"):
        project.move_device(other, line, gateway)
    assert other in line.devices


def test_adding_a_device_refuses_a_taken_or_impossible_unit():
    project = sample()
    line = project.sites[0]
    assert line.kind == "serial"
    with pytest.raises(ProjectError, match="unit id 0 is outside 1..247"):
        project.add_device(line, DeviceEntry("Broadcast", 0, "ion7400"))
    with pytest.raises(ProjectError, match=f"already has unit {line.devices[0].unit}"):
        project.add_device(line, DeviceEntry("Twin", line.devices[0].unit, "ion7400"))
    added = project.add_device(line, DeviceEntry("New", 200, "ion7400"))
    assert line.devices[-1] is added
    line.check()


def test_import_renames_clashing_sites(tmp_path):
    project = sample()
    added = project.merge(sample())
    assert [s.name for s in added] == ["Panel 3 RS-485 (2)", "SG gateway (2)", "Secure meter (2)"]
    added[0].devices[0].identity.serial = "changed"
    assert project.sites[0].devices[0].identity.serial == "MR-1"  # copies, not shared


def test_foreign_files_are_named_as_such(tmp_path):
    png = tmp_path / "photo.mdproj"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    with pytest.raises(ProjectError, match="photo.mdproj is not a MeterDesk project .it is not a text file"):
        load_project(png)
    toml = tmp_path / "profile.toml"
    toml.write_text('[profile]\nid = "x"\n')
    with pytest.raises(ProjectError, match="is not a MeterDesk project .it is not JSON: line 1, column 2"):
        load_project(toml)
    other = tmp_path / "package.json"
    other.write_text('{"name": "left-pad"}')
    with pytest.raises(ProjectError, match='has no "format": "meterdesk-project" entry'):
        load_project(other)
    with pytest.raises(ProjectError, match="cannot open .*missing.json"):
        load_project(tmp_path / "missing.json")


def test_a_damaged_project_names_the_line_and_is_left_untouched(tmp_path):
    path = save_project(sample(), tmp_path / "p")
    text = path.read_text()
    damaged = text.replace('"unit": 100,', '"unit": 100')  # a missing comma
    path.write_text(damaged)
    line = next(i for i, t in enumerate(damaged.splitlines(), 1) if '"unit": 100' in t) + 1
    with pytest.raises(ProjectError, match=rf"p.mdproj, line {line}, column \d+: the project file is damaged"):
        load_project(path)
    assert path.read_text() == damaged


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["sites"][0]["devices"][0].update(unit=300),
     r"sites\[0\] 'Panel 3 RS-485': device 'Incomer': unit id 300 is outside 1..247"),
    (lambda d: d["sites"][1].update(tcp_port="502"),
     r"sites\[1\] 'SG gateway': 'tcp_port' is \"502\", expected a whole number"),
    (lambda d: d["sites"][0].update(parity="X"), r"parity 'X' is not N, E or O"),
    (lambda d: d["sites"][1]["devices"].append({"name": "Twin", "unit": 34}), r"unit id 34 is used twice"),
    (lambda d: d["sites"].append(d["sites"][0]), r"the site name 'Panel 3 RS-485' is used twice"),
    (lambda d: d["sites"][2].update(kind="wifi"), r"site kind 'wifi' is not one of serial, tcp, gateway"),
    (lambda d: d.update(version=7), r"written by a newer MeterDesk \(format version 7"),
    (lambda d: d["sites"][0]["devices"][0].pop("unit"), r"devices\[0\] 'Incomer': the entry 'unit' is missing"),
])
def test_bad_entries_are_reported_with_where_and_what(tmp_path, change, message):
    path = save_project(sample(), tmp_path / "p")
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))
    with pytest.raises(ProjectError, match=message):
        load_project(path)


def test_save_failure_keeps_the_previous_file(tmp_path):
    path = save_project(sample(), tmp_path / "p")
    before = path.read_text()
    (tmp_path / "p.mdproj.part").mkdir()  # the temporary file cannot be written
    project = sample()
    project.name = "changed"
    with pytest.raises(ProjectError, match="cannot save the project"):
        save_project(project, path)
    assert path.read_text() == before


def test_no_secret_fields_are_written(tmp_path):
    text = save_project(sample(), tmp_path / "p").read_text().lower()
    assert "password" not in text and "passphrase" not in text


def test_recent_projects_newest_first_without_missing_files(tmp_path):
    recent = RecentProjects(tmp_path / "recent.json", limit=3)
    files = [save_project(Project(f"p{i}"), tmp_path / f"p{i}") for i in range(4)]
    for path in files:
        recent.add(path)
    recent.add(files[1])
    assert [p.name for p in recent.paths()] == ["p1.mdproj", "p3.mdproj", "p2.mdproj"]
    files[3].unlink()
    assert [p.name for p in recent.paths()] == ["p1.mdproj", "p2.mdproj"]
    (tmp_path / "recent.json").write_text("{not json")
    assert recent.paths() == []
