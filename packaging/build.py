"""Build stsdesk's frozen app and installers on the platform this runs on; one entry point.

    python packaging/build.py [--policy FILE] [--pack DIR]... [--name NAME] [--icon FILE]
                              [--deb] [--tarball] [--setup] [--dmg] [--untrimmed] [--out DIR]

Steps: check the policy and packs to bake in (a build never ships a policy with problems);
render the icons; run PyInstaller on the one spec (``packaging/stsdesk.spec``); on Linux,
check that every library in the bundle resolves and find the Debian packages it needs from
the system; run the frozen app's ``--smoke-test``; then make what was asked for:

* ``--deb``      Debian/Ubuntu package (dpkg-deb): /opt/NAME, /usr/bin/NAME, a .desktop
                 entry, hicolor icons, AppStream metainfo, the policy at
                 /etc/xdg/stsdesk/policy.toml (a conffile) and packs under /opt/NAME/packs.
* ``--tarball``  portable NAME-VERSION-linux-ARCH.tar.gz (policy and packs in organization/).
* ``--setup``    Windows: the Inno Setup installer (needs ``iscc`` on PATH).
* ``--dmg``      macOS: NAME.app in a .dmg (packaging/macos/make_dmg.sh).

See packaging/README.md for deploying what this makes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

PACKAGING = Path(__file__).resolve().parent
REPO = PACKAGING.parent
sys.path.insert(0, str(REPO))

from stsdesk import __version__  # noqa: E402
from stsdesk.core.catalog import load_catalog  # noqa: E402
from stsdesk.core.pack_files import format_problem  # noqa: E402
from stsdesk.core.settings import flatten  # noqa: E402
from stsdesk.infra.policy_file import read_policy  # noqa: E402
from stsdesk.infra.settings_file import read_toml  # noqa: E402

APP_ID = "org.stsdesk.stsdesk"  # desktop file, icon and AppStream id (fixed across brandings)
POLICY_DIR = "stsdesk"  # the app looks for <system config dir>/stsdesk/policy.toml
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
LINUX = sys.platform.startswith("linux")
WINDOWS = sys.platform == "win32"
MACOS = sys.platform == "darwin"


class BuildError(Exception):
    """A reason the build cannot go on, in words for whoever runs it."""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    os.umask(0o022)  # installed files must be world-readable whatever the caller's umask
    started = time.monotonic()
    try:
        build(args)
    except BuildError as error:
        print(f"build.py: {error}", file=sys.stderr)
        return 1
    print(f"Build finished in {time.monotonic() - started:.0f} s.")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--policy", type=Path, help="organization policy to bake in")
    parser.add_argument(
        "--pack", type=Path, action="append", default=[], help="content pack to bake in"
    )
    parser.add_argument("--name", default="stsdesk", help="program and package name")
    parser.add_argument("--icon", type=Path, help="application icon (SVG or PNG, square)")
    parser.add_argument("--deb", action="store_true", help="make a .deb (Linux)")
    parser.add_argument("--tarball", action="store_true", help="make a portable .tar.gz")
    parser.add_argument("--setup", action="store_true", help="make the Inno Setup installer")
    parser.add_argument("--dmg", action="store_true", help="make a .dmg (macOS)")
    parser.add_argument(
        "--untrimmed", action="store_true", help="keep every Qt file (size benchmark only)"
    )
    parser.add_argument(
        "--screenshot-url", help="where packaging/screenshots/home.png is published (AppStream)"
    )
    parser.add_argument(
        "--maintainer",
        default="The stsdesk developers <stsdesk@localhost>",
        help="Maintainer field of the .deb",
    )
    parser.add_argument(
        "--out", type=Path, default=REPO / "build" / "packages", help="where packages go"
    )
    return parser


def build(args: argparse.Namespace) -> None:
    """Everything ``main`` promises, in order; raises ``BuildError`` at the first failure."""
    if not re.fullmatch(r"[a-z][a-z0-9-]{0,40}", args.name):
        raise BuildError("--name must be lower-case letters, digits and hyphens (a-z first)")
    if args.deb and not LINUX:
        raise BuildError("--deb builds on Linux only")
    if args.setup and not WINDOWS:
        raise BuildError("--setup builds on Windows only")
    if args.dmg and not MACOS:
        raise BuildError("--dmg builds on macOS only")
    if args.untrimmed and (args.deb or args.setup or args.dmg):
        raise BuildError("--untrimmed is for measuring sizes; it makes no installer")
    work = REPO / "build" / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    args.out.mkdir(parents=True, exist_ok=True)
    organization = check_organization(args.policy, args.pack)
    icons = render_icons(args.icon or REPO / "assets" / "icons" / "app.svg", work / "icons")
    bundle = freeze(args.name, icons, work, untrimmed=args.untrimmed)
    # An untrimmed build keeps plugins for libraries this machine may lack (GTK): it is for
    # measuring, so the check that every library resolves (and the .deb) is left out.
    depends = system_packages(bundle) if LINUX and not args.untrimmed else []
    smoke_test(bundle, args.name, args.policy)
    print(f"Bundle: {bundle} ({_megabytes(du(bundle))})")
    if args.tarball:
        report(tarball(bundle, args.name, organization, args.out))
    if args.deb:
        report(deb(bundle, args, organization, icons, depends, work))
    if args.setup:
        report(inno_setup(bundle, args.name, organization, work, args.out))
    if args.dmg:
        report(dmg(args.name, organization, work, args.out))


def report(path: Path) -> None:
    print(f"Made {path} ({_megabytes(path.stat().st_size)})")


# --- the organization's policy and packs -----------------------------------------------------


class Organization:
    """A checked policy and the files it brings: packs by folder name, and the logo."""

    def __init__(self, data: dict[str, Any], packs: dict[str, Path], logo: Path | None) -> None:
        self.data = data
        self.packs = packs
        self.logo = logo

    def policy_text(self, logo: str | None, packs: Iterable[str], source: str) -> str:
        """The policy as installed, its logo and pack paths replaced by ``logo`` and ``packs``."""
        data = {section: dict(values) for section, values in self.data.items()}
        if logo is not None:
            data.setdefault("organization", {})["logo"] = logo
        packs = list(packs)
        if packs:
            data.setdefault("content", {})["packs"] = packs
        header = (
            f"# stsdesk organization policy, baked into this package by packaging/build.py from\n"
            f"# {source}. Reference: packaging/README.md. Check it with: stsdesk policy check\n"
        )
        return header + dump_toml(data)


def check_organization(policy: Path | None, packs: list[Path]) -> Organization | None:
    """Refuse to bake a policy or pack with any problem; return what is to be installed."""
    if policy is None and not packs:
        return None
    data: dict[str, Any] = {}
    pack_dirs: list[Path] = []
    logo = None
    if policy is not None:
        checked = read_policy(policy)
        if checked.problems:
            raise BuildError(
                "the policy has problems:\n" + "\n".join(str(p) for p in checked.problems)
            )
        data, _deep = read_toml(policy)  # read_policy already refused any deep key
        logo = checked.logo
        pack_dirs.extend(checked.packs)
    pack_dirs.extend(pack.resolve() for pack in packs)
    catalog = load_catalog(pack_dirs)
    if catalog.problems:
        raise BuildError(
            "a pack has problems:\n" + "\n".join(format_problem(p) for p in catalog.problems)
        )
    by_name: dict[str, Path] = {}
    for pack in pack_dirs:
        if pack.name in by_name and by_name[pack.name] != pack:
            raise BuildError(f"two packs are both called {pack.name!r}; rename one folder")
        by_name[pack.name] = pack
    return Organization(data, by_name, logo)


def dump_toml(data: Mapping[str, Any]) -> str:
    """Write a checked policy as TOML (tables of plain values; settings as dotted keys)."""
    lines: list[str] = []
    for section, table in data.items():
        lines.append(f"[{section}]")
        for key, value in flatten(table).items():
            lines.append(f"{key} = {_toml_value(value)}")
        lines.append("")
    return "\n".join(lines)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON's escapes are all valid in TOML
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise BuildError(f"cannot write {value!r} into the baked policy")


def install_organization(org: Organization, policy_dir: Path, packs_dir: Path) -> None:
    """Copy the packs (and logo) and write the policy with paths relative to ``policy_dir``.

    Used where policy, logo and packs travel together (tarball, Windows, macOS).
    """
    policy_dir.mkdir(parents=True, exist_ok=True)
    logo = None
    if org.logo is not None:
        logo = f"logo{org.logo.suffix.lower()}"
        shutil.copy2(org.logo, policy_dir / logo)
    for name, source in org.packs.items():
        shutil.copytree(source, packs_dir / name)
    relative = [(packs_dir / name).relative_to(policy_dir).as_posix() for name in org.packs]
    text = org.policy_text(logo, relative, "the organization's policy")
    (policy_dir / "policy.toml").write_text(text, encoding="utf-8")


# --- icons -----------------------------------------------------------------------------------


def render_icons(source: Path, out: Path) -> dict[int, Path]:
    """PNG icons in every size the desktops ask for, drawn by Qt from an SVG (or a PNG)."""
    if source.suffix.lower() not in (".svg", ".png"):
        raise BuildError("--icon must be an .svg or .png file")
    out.mkdir(parents=True, exist_ok=True)
    script = f"""
import sys
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
app = QGuiApplication(["icons"])
source = {str(source)!r}
svg = QSvgRenderer(source) if source.lower().endswith(".svg") else None
png = None if svg else QImage(source)
if (svg and not svg.isValid()) or (png is not None and png.isNull()):
    sys.exit("cannot read the icon " + source)
for size in {ICON_SIZES!r}:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    if svg:
        svg.render(painter, QRectF(0, 0, size, size))
    else:
        painter.drawImage(QRectF(0, 0, size, size), png)
    painter.end()
    image.save({str(out)!r} + f"/{{size}}.png")
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run([sys.executable, "-c", script], env=env)
    icons = {size: out / f"{size}.png" for size in ICON_SIZES}
    if source.suffix.lower() == ".svg":
        shutil.copy2(source, out / "scalable.svg")
    write_ico(icons, out / "app.ico")
    write_icns(icons, out / "app.icns")
    return icons


def write_ico(icons: Mapping[int, Path], path: Path) -> None:
    """A Windows .ico holding PNG images (supported since Windows Vista)."""
    sizes = [s for s in (16, 24, 32, 48, 64, 128, 256) if s in icons]
    blobs = [icons[s].read_bytes() for s in sizes]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries = b""
    for size, blob in zip(sizes, blobs, strict=True):
        side = 0 if size == 256 else size  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    path.write_bytes(header + entries + b"".join(blobs))


def write_icns(icons: Mapping[int, Path], path: Path) -> None:
    """A macOS .icns holding PNG images (the types macOS 10.7 and later read)."""
    types = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}
    body = b""
    for size, kind in types.items():
        blob = icons[size].read_bytes()
        body += kind + struct.pack(">I", len(blob) + 8) + blob
    path.write_bytes(b"icns" + struct.pack(">I", len(body) + 8) + body)


# --- freezing ---------------------------------------------------------------------------------


def freeze(name: str, icons: Mapping[int, Path], work: Path, *, untrimmed: bool) -> Path:
    """Run PyInstaller on the one spec; return the one-folder bundle."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise BuildError("PyInstaller is not installed (pip install -e '.[test]')") from None
    dist = REPO / "build" / "dist"
    icon = work / "icons" / ("app.ico" if WINDOWS else "app.icns")
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(REPO / "build" / "pyinstaller"),
        str(PACKAGING / "stsdesk.spec"), "--", "--name", name,
    ]  # fmt: skip
    if WINDOWS or MACOS:
        command += ["--icon", str(icon)]
    if untrimmed:
        command.append("--untrimmed")
    started = time.monotonic()
    run(command)
    print(f"PyInstaller took {time.monotonic() - started:.0f} s")
    return dist / name


def system_packages(bundle: Path) -> list[str]:
    """Check every library in the bundle resolves; return the Debian packages providing the
    ones it takes from the system (the .deb's Depends), glibc pinned to this machine's.
    """
    internal_dirs = sorted({str(p.parent) for p in bundle.rglob("*.so*") if p.is_file()})
    env = {**os.environ, "LD_LIBRARY_PATH": os.pathsep.join(internal_dirs)}
    system: set[str] = set()
    missing: dict[str, set[str]] = {}
    for path in sorted(bundle.rglob("*")):
        if not path.is_file() or path.is_symlink() or not _is_elf(path):
            continue
        result = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
        for line in result.stdout.splitlines():
            lib, _, where = line.strip().partition(" => ")
            if where.startswith("not found"):
                missing.setdefault(lib, set()).add(str(path.relative_to(bundle)))
            elif where.startswith("/") and not where.startswith(str(bundle)):
                system.add(where.split(" (")[0])
    if missing:
        lines = [
            f"{lib} (needed by {', '.join(sorted(users)[:3])})" for lib, users in missing.items()
        ]
        raise BuildError("libraries in the bundle do not resolve:\n" + "\n".join(lines))
    if shutil.which("dpkg") is None:
        return []
    packages: set[str] = set()
    for lib in sorted(system):
        packages.add(_owning_package(lib))
    glibc = platform.libc_ver()[1]
    packages.discard("libc6")
    return [f"libc6 (>= {glibc})", *sorted(packages)]


def _owning_package(library: str) -> str:
    """The Debian package that installed ``library`` (merged /usr: try both spellings)."""
    candidates = [library, os.path.realpath(library)]
    candidates += [c.removeprefix("/usr") for c in candidates if c.startswith("/usr/")]
    candidates += ["/usr" + c for c in candidates if not c.startswith("/usr/")]
    for candidate in candidates:
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":", 1)[0].strip()
    raise BuildError(f"no Debian package provides {library}; cannot list the dependencies")


def _is_elf(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == b"\x7fELF"


def smoke_test(bundle: Path, name: str, policy: Path | None) -> None:
    """Run the frozen program's ``--smoke-test`` with a fresh HOME; fail on any stray output."""
    program = bundle / (f"{name}-cli.exe" if WINDOWS else name)
    with tempfile.TemporaryDirectory(prefix="stsdesk-build-smoke-") as home:
        env = {
            **os.environ,
            "HOME": home,
            "USERPROFILE": home,
            "XDG_CONFIG_HOME": f"{home}/.config",
            "XDG_DATA_HOME": f"{home}/.local/share",
            "XDG_STATE_HOME": f"{home}/.local/state",
            "SDL_AUDIODRIVER": "dummy",
        }
        env.pop("STSDESK_POLICY", None)
        command = [str(program), "--smoke-test"]
        if policy is not None:
            command[1:1] = ["--policy", str(policy)]
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or result.stderr.strip() or len(output.splitlines()) != 1:
        raise BuildError(f"the frozen app's smoke test failed ({result.returncode}):\n{output}")
    print(output)


# --- packages ---------------------------------------------------------------------------------


def _arch() -> str:
    machine = platform.machine().lower()
    return {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)


def tarball(bundle: Path, name: str, org: Organization | None, out: Path) -> Path:
    """The bundle as NAME/ in a .tar.gz; a baked policy and packs go in NAME/organization/."""
    target = out / f"{name}-{__version__}-linux-{_arch()}.tar.gz"
    with tempfile.TemporaryDirectory() as temp:
        extra = Path(temp)
        if org is not None:
            install_organization(org, extra / "organization", extra / "organization" / "packs")
        with tarfile.open(target, "w:gz", compresslevel=9) as archive:
            archive.add(bundle, arcname=name, filter=_tar_owner)
            if org is not None:
                archive.add(extra / "organization", f"{name}/organization", filter=_tar_owner)
    return target


def _tar_owner(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


def deb(
    bundle: Path,
    args: argparse.Namespace,
    org: Organization | None,
    icons: Mapping[int, Path],
    depends: list[str],
    work: Path,
) -> Path:
    """The Debian package, assembled in a staging tree and built with dpkg-deb."""
    if shutil.which("dpkg-deb") is None:
        raise BuildError("dpkg-deb is not installed (apt-get install dpkg)")
    name = args.name
    root = work / "deb"
    opt = root / "opt" / name
    shutil.copytree(bundle, opt, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / name).symlink_to(f"/opt/{name}/{name}")
    share = root / "usr" / "share"
    for size, png in icons.items():
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True)
        shutil.copy2(png, target)
    if (work / "icons" / "scalable.svg").exists():
        target = share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
        target.parent.mkdir(parents=True)
        shutil.copy2(work / "icons" / "scalable.svg", target)
    template = (PACKAGING / "linux" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    _write(share / "applications" / f"{APP_ID}.desktop", template.replace("@NAME@", name))
    metainfo = (PACKAGING / "linux" / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    metainfo = metainfo.replace("@VERSION@", __version__).replace("@DATE@", _today())
    if args.screenshot_url:
        metainfo = metainfo.replace("@SCREENSHOT_URL@", args.screenshot_url)
    else:
        metainfo = re.sub(
            r"  <!-- screenshots -->.*<!-- /screenshots -->\n", "", metainfo, flags=re.S
        )
    _write(share / "metainfo" / f"{APP_ID}.metainfo.xml", metainfo.replace("@NAME@", name))
    _write(share / "doc" / name / "copyright", _copyright())
    conffiles = []
    if org is not None:
        logo = None
        if org.logo is not None:
            logo = f"/opt/{name}/organization/logo{org.logo.suffix.lower()}"
            (opt / "organization").mkdir()
            shutil.copy2(org.logo, root / logo.lstrip("/"))
        for pack_name, source in org.packs.items():
            shutil.copytree(source, opt / "packs" / pack_name)
        packs = [f"/opt/{name}/packs/{pack_name}" for pack_name in org.packs]
        policy = f"/etc/xdg/{POLICY_DIR}/policy.toml"
        source = str(args.policy) if args.policy else "--pack options"
        _write(root / policy.lstrip("/"), org.policy_text(logo, packs, source))
        conffiles.append(policy)
    size_kib = du(root) // 1024
    control = {
        "Package": name,
        "Version": __version__,
        "Section": "misc",
        "Priority": "optional",
        "Architecture": _dpkg_arch(),
        "Maintainer": args.maintainer,
        "Installed-Size": str(size_kib),
        "Depends": ", ".join(depends),
        "Description": "short guided resiliency practices and a private practice log\n"
        " Timed, audio-guided resiliency and self-compassion practices for people who\n"
        " absorb other people's trauma at work, with a practice log that never leaves\n"
        " the computer. No account, no telemetry, no network use.",
    }
    debian = root / "DEBIAN"
    debian.mkdir()
    _write(debian / "control", "".join(f"{k}: {v}\n" for k, v in control.items() if v))
    if conffiles:
        _write(debian / "conffiles", "".join(f"{c}\n" for c in conffiles))
    target = args.out / f"{name}_{__version__}_{_dpkg_arch()}.deb"
    started = time.monotonic()
    run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(root), str(target)])
    print(f"dpkg-deb took {time.monotonic() - started:.0f} s")
    return target


def _dpkg_arch() -> str:
    result = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True)
    return result.stdout.strip() or "amd64"


def _today() -> str:
    return time.strftime("%Y-%m-%d")


def _copyright() -> str:
    return (
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: stsdesk\n\n"
        "Files: *\nCopyright: The stsdesk developers\nLicense: GPL-3.0-or-later\n"
        " On Debian systems the licence is in /usr/share/common-licenses/GPL-3.\n\n"
        "Files: opt/*/_internal/fontpkg_atkinson_hyperlegible/*\n"
        "Copyright: Braille Institute of America, Inc.\nLicense: OFL-1.1\n\n"
        "Files: opt/*/_internal/PySide6/*\nCopyright: The Qt Company Ltd.\n"
        "License: LGPL-3.0-only\n\n"
        "Files: opt/*/_internal/pygame*/*\nCopyright: pygame-ce contributors\n"
        "License: LGPL-2.1-or-later\n"
    )


def inno_setup(bundle: Path, name: str, org: Organization | None, work: Path, out: Path) -> Path:
    """Windows: compile packaging/windows/stsdesk.iss with this build's files."""
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    if iscc is None:
        raise BuildError("Inno Setup's iscc is not on PATH (https://jrsoftware.org/isinfo.php)")
    defines = [
        f"/DAppName={name}",
        f"/DAppVersion={__version__}",
        f"/DSourceDir={bundle}",
        f"/DOutputDir={out}",
        f"/DIconFile={work / 'icons' / 'app.ico'}",
    ]
    if org is not None:
        organization = work / "organization"
        install_organization(org, organization, organization / "packs")
        defines.append(f"/DOrganizationDir={organization}")
    run([iscc, *defines, str(PACKAGING / "windows" / "stsdesk.iss")])
    return out / f"{name}-{__version__}-setup.exe"


def dmg(name: str, org: Organization | None, work: Path, out: Path) -> Path:
    """macOS: the .app from the spec, wrapped in a .dmg by make_dmg.sh."""
    app = REPO / "build" / "dist" / f"{name}.app"
    target = out / f"{name}-{__version__}.dmg"
    command = ["bash", str(PACKAGING / "macos" / "make_dmg.sh"), str(app), str(target)]
    if org is not None:
        organization = work / "organization"
        install_organization(org, organization, organization / "packs")
        command.append(str(organization))
    run(command)
    return target


# --- small helpers ----------------------------------------------------------------------------


def run(command: list[str], **kwargs: Any) -> None:
    result = subprocess.run(command, check=False, **kwargs)
    if result.returncode != 0:
        raise BuildError(f"{Path(command[0]).name} failed with status {result.returncode}")


def du(path: Path) -> int:
    """Bytes in the files under ``path`` (symbolic links not followed)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
