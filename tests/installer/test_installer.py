"""The frozen bundle and the Debian package, built and used as a user would (marker ``installer``).

The bundle is built with PyInstaller into a temporary folder (about 20 s with
PyInstaller's cache warm, a minute cold) and its self-test is run, under a
private Secret Service when GNOME Keyring is installed. With dpkg-deb the
.deb and the tarball are made; as root (or with password-less sudo) the .deb
is installed, the installed ``meterdesk --self-test`` is run, and the package
is removed again, checking that none of its files is left.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer"))

import bundle_rules

pytestmark = [pytest.mark.installer, pytest.mark.timeout(900)]
pytest.importorskip("PyInstaller", reason="the installer extras are not installed (pip install -e '.[installer]')")

EXE = ".exe" if os.name == "nt" else ""
# Unlock (or create) a login keyring with an empty password, then run the command given.
WITH_KEYRING = 'printf "\\n" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"'


@dataclass
class Build:
    bundle: Path
    output: str


@dataclass
class Packages:
    deb: Path
    tarball: Path


def run(command: list[str], timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False, **kwargs)


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Build:
    out = tmp_path_factory.mktemp("pyinstaller")
    result = run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(out / "dist"),
                  "--workpath", str(out / "build"), "installer/meterdesk.spec"], timeout=600, cwd=ROOT)  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    return Build(out / "dist" / "meterdesk", output)


@pytest.fixture(scope="module")
def user_env(tmp_path_factory) -> dict[str, str]:
    """An environment like a user's shell, with HOME in a temporary folder and no display."""
    home = tmp_path_factory.mktemp("home")
    (home / "run").mkdir(mode=0o700)
    drop = {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "PYTHONPATH", "VIRTUAL_ENV"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("XDG_")}
    env.update(HOME=str(home), XDG_RUNTIME_DIR=str(home / "run"))
    return env


def with_secret_service(command: list[str]) -> tuple[list[str], bool]:
    """``command`` under a private D-Bus with GNOME Keyring when both are installed."""
    if os.name != "posix" or not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")):
        return command, False
    return ["dbus-run-session", "--", "sh", "-c", WITH_KEYRING, "sh", *command], True


def assert_self_test_passed(result: subprocess.CompletedProcess, keyring: bool) -> None:
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert out.startswith(f"MeterDesk {__version__} self-test (bundle;")
    for check in ("main window", "profiles", "COMTRADE sample", "demo lab"):
        assert re.search(rf"^  ok +{check}: ", out, re.MULTILINE), out
    if keyring:
        assert "  ok       keyring: keyring.backends.SecretService.Keyring answers" in out, out
    assert "Self-test passed" in out
    assert "Traceback" not in out + result.stderr


def test_build_prints_its_size_within_the_budget(build):
    match = re.search(r"MeterDesk (\S+) bundle size: ([\d.]+) MB unpacked, \d+% of the 200 MB budget \(within\)",
                      build.output)  # fmt: skip
    assert match, build.output[-2000:]
    assert match[1] == __version__
    assert float(match[2]) == pytest.approx(bundle_rules.folder_size(build.bundle) / 1e6, abs=0.05)


@pytest.mark.skipif(not shutil.which("ldd"), reason="ldd lists what a Linux binary links")
def test_bundle_carries_every_library_it_links(build):
    internal = build.bundle / "_internal"
    binaries = [build.bundle / "meterdesk", *(p for p in internal.rglob("*.so*") if p.is_file() and not p.is_symlink())]
    missing = {}
    for path in binaries:
        result = run(["ldd", str(path)], env={**os.environ, "LD_LIBRARY_PATH": str(internal)})
        lost = re.findall(r"^\s*(\S+) => not found", result.stdout, re.MULTILINE)
        if lost:
            missing[str(path.relative_to(build.bundle))] = lost
    assert missing == {}, "run installer/linux/install-build-deps.sh before building"


def test_frozen_self_test_passes(build, user_env):
    command, keyring = with_secret_service([str(build.bundle / f"meterdesk{EXE}"), "--self-test"])
    assert_self_test_passed(run(command, env=user_env), keyring)


def test_frozen_gui_entry_has_the_same_version_and_self_test(build, user_env):
    cli = run([str(build.bundle / f"meterdesk{EXE}"), "--version"], env=user_env)
    gui = run([str(build.bundle / f"meterdesk-gui{EXE}"), "--version"], env=user_env)
    assert cli.stdout.strip() == gui.stdout.strip() == f"MeterDesk {__version__}"
    result = run([str(build.bundle / f"meterdesk-gui{EXE}"), "--self-test"], env=user_env)
    assert_self_test_passed(result, keyring=False)


@pytest.fixture(scope="module")
def packages(build, tmp_path_factory) -> Packages:
    if not shutil.which("dpkg-deb"):
        pytest.skip("dpkg-deb builds the Debian package (Debian or Ubuntu)")
    out = tmp_path_factory.mktemp("packages")
    result = run(["sh", "installer/linux/build-deb.sh", str(build.bundle), str(out)], timeout=300, cwd=ROOT,
                 env={**os.environ, "XZ_LEVEL": "1", "PYTHON": sys.executable})  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    [deb] = out.glob("*.deb")
    [tarball] = out.glob("*.tar.gz")
    return Packages(deb, tarball)


def test_package_names_carry_the_version(packages):
    arch = run(["dpkg", "--print-architecture"]).stdout.strip()
    assert packages.deb.name == f"meterdesk_{__version__}_{arch}.deb"
    assert packages.tarball.name == f"meterdesk-{__version__}-linux-{platform.machine()}.tar.gz"
    fields = run(["dpkg-deb", "--field", str(packages.deb), "Package", "Version", "Depends"]).stdout
    assert f"Version: {__version__}" in fields
    assert re.search(r"Depends: .*libc6 \(>= \d", fields), fields


def test_portable_tarball_holds_the_bundle(packages):
    top = f"meterdesk-{__version__}-linux-{platform.machine()}"
    with tarfile.open(packages.tarball) as tar:
        members = {m.name: m for m in tar.getmembers()}
    assert members[f"{top}/meterdesk"].isfile()
    assert members[f"{top}/meterdesk-gui"].issym() and members[f"{top}/meterdesk-gui"].linkname == "meterdesk"
    assert f"{top}/_internal/resources/samples/voltage-sag.cff" in members


def _as_root() -> list[str] | None:
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and run(["sudo", "-n", "true"]).returncode == 0:
        return ["sudo", "-n"]
    return None


@pytest.fixture
def system_packages():
    """One test run at a time installs into the system: others wait (dpkg would refuse them)."""
    import fcntl  # POSIX, as dpkg is

    with open(Path(tempfile.gettempdir()) / "meterdesk-deb-test.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def test_deb_installs_runs_its_self_test_and_uninstalls_cleanly(packages, user_env, system_packages):
    sudo = _as_root()
    if sudo is None:
        pytest.skip("installing a .deb needs root or password-less sudo")
    if run(["dpkg-query", "-W", "-f", "${db:Status-Status}", "meterdesk"]).stdout == "installed":
        pytest.skip("a meterdesk package is installed on this machine: not replacing it")
    with subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(packages.deb)], stdout=subprocess.PIPE) as dpkg, \
            tarfile.open(fileobj=dpkg.stdout, mode="r|") as tar:
        files = [Path(m.name.removeprefix(".")) for m in tar if not m.isdir()]
    assert Path("/opt/meterdesk/meterdesk") in files
    assert Path("/usr/share/applications/meterdesk.desktop") in files
    mime = Path("/usr/share/mime/globs2")
    mime_cache = shutil.which("update-mime-database") is not None
    try:
        installed = run([*sudo, "dpkg", "-i", str(packages.deb)])
        assert installed.returncode == 0, installed.stdout + installed.stderr
        assert all(f.is_symlink() or f.exists() for f in files)
        if mime_cache:
            assert "application/x-comtrade-cff:*.cff" in mime.read_text()
        command, keyring = with_secret_service(["/usr/bin/meterdesk", "--self-test"])
        result = run(command, env=user_env)
        assert_self_test_passed(result, keyring)
        assert "resources in /opt/meterdesk/_internal/resources" in result.stdout
    finally:
        removed = run([*sudo, "dpkg", "-r", "meterdesk"])
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert [f for f in files if f.is_symlink() or f.exists()] == []
    assert not Path("/opt/meterdesk").exists()
    assert run(["dpkg-query", "-W", "-f", "${db:Status-Status}", "meterdesk"]).stdout in ("", "not-installed")
    if mime_cache:
        assert "comtrade" not in mime.read_text()
