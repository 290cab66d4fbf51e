"""Package sizes: the one-folder bundle untrimmed and trimmed, the .tar.gz and the .deb.

    python tests/benchmarks/package_size.py

Builds twice with packaging/build.py (a few minutes on 2 cores): once with --untrimmed (every
Qt file PyInstaller collects), once as shipped. Prints sizes in MB (10^6 bytes) and ratios,
and checks the issue's target: a .deb of at most 80 MB.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUNDLE = REPO / "build" / "dist" / "stsdesk"
DEB_TARGET_MB = 80.0


def build(out: Path, *options: str) -> tuple[float, float]:
    """Run build.py; return the bundle's size in bytes and the seconds it took."""
    started = time.monotonic()
    subprocess.run(
        [sys.executable, str(REPO / "packaging" / "build.py"), "--out", str(out), *options],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.monotonic() - started
    size = sum(p.lstat().st_size for p in BUNDLE.rglob("*") if p.is_file() and not p.is_symlink())
    return size, seconds


def only(folder: Path, pattern: str) -> int:
    return next(folder.glob(pattern)).stat().st_size


def mb(size: float) -> str:
    return f"{size / 1e6:7.1f} MB"


def main() -> int:
    with_deb = sys.platform.startswith("linux") and shutil.which("dpkg-deb") is not None
    with tempfile.TemporaryDirectory() as temp:
        untrimmed_dir, trimmed_dir = Path(temp, "untrimmed"), Path(temp, "trimmed")
        untrimmed, untrimmed_s = build(untrimmed_dir, "--untrimmed", "--tarball")
        untrimmed_tar = only(untrimmed_dir, "*.tar.gz")
        trimmed, trimmed_s = build(trimmed_dir, "--tarball", *(["--deb"] if with_deb else []))
        trimmed_tar = only(trimmed_dir, "*.tar.gz")
        deb = only(trimmed_dir, "*.deb") if with_deb else None
    print(f"bundle, untrimmed   {mb(untrimmed)}")
    print(f"bundle, trimmed     {mb(trimmed)}   {trimmed / untrimmed:.2f} of untrimmed")
    print(
        f"tar.gz, untrimmed   {mb(untrimmed_tar)}   {untrimmed_tar / untrimmed:.2f} of its bundle"
    )
    print(
        f"tar.gz, trimmed     {mb(trimmed_tar)}   {trimmed_tar / trimmed:.2f} of bundle, "
        f"{trimmed_tar / untrimmed_tar:.2f} of the untrimmed tar.gz"
    )
    if deb is not None:
        verdict = "met" if deb / 1e6 <= DEB_TARGET_MB else "MISSED"
        print(
            f".deb (xz), trimmed  {mb(deb)}   {deb / trimmed:.2f} of bundle; "
            f"target at most {DEB_TARGET_MB:.0f} MB: {verdict}"
        )
    print(f"build time: untrimmed {untrimmed_s:.0f} s, trimmed with packages {trimmed_s:.0f} s")
    return 0 if deb is None or deb / 1e6 <= DEB_TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
