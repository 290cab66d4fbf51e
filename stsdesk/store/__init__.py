"""The practice log on SQLite: schema ladder, writes, queries, backups, recovery, export.

sqlite-utils is imported here, once, without its optional numpy and pandas support: when
either is installed (a developer's environment, a shared system Python) it would otherwise be
imported with it, for column types of numpy values that stsdesk never writes, adding about
150 ms and 15 MiB to the moment the log opens. Where one of them is already imported, it is
left as it is.
"""

import sys

_OPTIONAL = ("numpy", "pandas")


def _import_sqlite_utils() -> None:
    if "sqlite_utils" in sys.modules or any(name in sys.modules for name in _OPTIONAL):
        return
    for name in _OPTIONAL:
        sys.modules[name] = None  # type: ignore[assignment]  # "import numpy" fails at once
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in _OPTIONAL:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]


_import_sqlite_utils()
