"""tools/syslibs.sh, which `make run`, `make test` and CI call: what it installs, and how.

The script runs for real, with dpkg-query, id, sudo and apt-get replaced by small
scripts on PATH that answer as a given machine would and write down how they were
called. No package is installed.
"""

import os
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "syslibs.sh"
PACKAGES = [
    "libpango-1.0-0",
    "libpangoft2-1.0-0",
    "libharfbuzz-subset0",
    "poppler-utils",
    "chromium",
    "fonts-noto-cjk",
]


def fake(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def machine(tmp_path, *, installed, uid=0, sudo=None):
    """A PATH on which dpkg-query knows `installed`, id says `uid`, and sudo works or not."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    known = " ".join(installed)
    # dpkg-query -W -f=... PACKAGE: the status line for installed packages, else failure.
    fake(
        bin_dir,
        "dpkg-query",
        f'for p in {known}; do [ "$p" = "$3" ] && {{ printf "install ok installed"; exit 0; }}; '
        "done; exit 1",
    )
    fake(bin_dir, "id", f"echo {uid}")
    fake(bin_dir, "apt-get", f'echo "apt-get $*" >> {calls}')
    if sudo is not None:
        # `sudo -n true` asks whether sudo works without a password.
        fake(
            bin_dir,
            "sudo",
            f'[ "$2" = true ] && exit {0 if sudo else 1}; shift; echo "sudo" >> {calls}; "$@"',
        )
    for tool in ("bash", "grep", "printf", "cat"):
        found = subprocess.run(["which", tool], capture_output=True, text=True).stdout.strip()
        if found and not (bin_dir / tool).exists():
            os.symlink(found, bin_dir / tool)
    return {"PATH": str(bin_dir)}, calls


def run(env, *extra):
    return subprocess.run(
        ["bash", str(SCRIPT), *extra], env=env, capture_output=True, text=True, timeout=30
    )


def lines(calls: Path) -> list[str]:
    return calls.read_text().splitlines() if calls.exists() else []


def test_nothing_happens_when_everything_is_there(tmp_path):
    env, calls = machine(tmp_path, installed=PACKAGES)
    result = run(env)
    assert result.returncode == 0
    assert result.stdout == ""
    assert lines(calls) == []


def test_root_installs_just_what_is_missing(tmp_path):
    env, calls = machine(tmp_path, installed=PACKAGES[:2])
    result = run(env)
    assert result.returncode == 0, result.stderr
    assert "Installing system packages: libharfbuzz-subset0 poppler-utils" in result.stdout
    update, install = lines(calls)
    assert update == "apt-get update -qq"
    assert install.startswith("apt-get install -y -qq --no-install-recommends")
    assert install.endswith("libharfbuzz-subset0 poppler-utils chromium fonts-noto-cjk")


def test_extra_packages_come_as_arguments(tmp_path):
    env, calls = machine(tmp_path, installed=PACKAGES)
    assert run(env, "postgresql", "gettext").returncode == 0
    assert lines(calls)[-1].endswith(" postgresql gettext")


def test_a_user_with_sudo_installs_through_it(tmp_path):
    env, calls = machine(tmp_path, installed=PACKAGES[1:], uid=1000, sudo=True)
    result = run(env)
    assert result.returncode == 0, result.stderr
    assert lines(calls) == [
        "sudo",
        "apt-get update -qq",
        "sudo",
        lines(calls)[3],
    ]
    assert lines(calls)[3].endswith(" libpango-1.0-0")


@pytest.mark.parametrize("sudo", [False, None], ids=["sudo-wants-a-password", "no-sudo"])
def test_without_root_or_sudo_it_prints_the_command_and_stops(tmp_path, sudo):
    env, calls = machine(tmp_path, installed=PACKAGES[:-1], uid=1000, sudo=sudo)
    result = run(env)
    assert result.returncode == 1
    assert "These system packages are missing: fonts-noto-cjk" in result.stderr
    assert "    sudo apt-get install fonts-noto-cjk" in result.stderr
    assert lines(calls) == []


@pytest.mark.parametrize("target", ["run", "test"])
def test_make_run_and_test_check_the_system_packages_first(target):
    # -n prints what make would run; -W pretends the virtualenv is up to date.
    result = subprocess.run(
        ["make", "-n", "-W", "requirements.txt", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    commands = result.stdout.splitlines()
    first_python = next(
        i for i, line in enumerate(commands) if "manage.py" in line or "pytest" in line
    )
    assert any("tools/syslibs.sh" in line for line in commands[:first_python])


def test_ci_installs_through_the_same_target():
    assert 'make syslibs SYSLIBS_EXTRA="postgresql gettext"' in (ROOT / ".ci/run").read_text()
