"""Whether another application is full screen right now, where the desktop lets us know.

On X11 the window manager publishes the active window (``_NET_ACTIVE_WINDOW`` on the root
window) and each window's state (``_NET_WM_STATE``, which holds ``_NET_WM_STATE_FULLSCREEN``
during a presentation, a film or a screen share in full screen). Both are read through
libX11 with ctypes, which every X11 desktop has, so stsdesk ships no Xlib binding. Wayland does
not tell one application about another: there the answer is "cannot be known" (``None``).
Nothing is recorded; only the yes or no is used, to hold a reminder.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

log = logging.getLogger(__name__)

_XA_ATOM = 4
_XA_WINDOW = 33
_SUCCESS = 0


@cache
def _xlib() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("X11")
    if name is None:
        return None
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    lib.XOpenDisplay.restype = ctypes.c_void_p
    lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    lib.XDefaultRootWindow.restype = ctypes.c_ulong
    lib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    lib.XInternAtom.restype = ctypes.c_ulong
    lib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    lib.XFree.argtypes = [ctypes.c_void_p]
    lib.XGetWindowProperty.restype = ctypes.c_int
    lib.XGetWindowProperty.argtypes = [
        ctypes.c_void_p,  # display
        ctypes.c_ulong,  # window
        ctypes.c_ulong,  # property
        ctypes.c_long,  # offset
        ctypes.c_long,  # length
        ctypes.c_int,  # delete
        ctypes.c_ulong,  # requested type
        ctypes.POINTER(ctypes.c_ulong),  # actual type
        ctypes.POINTER(ctypes.c_int),  # actual format
        ctypes.POINTER(ctypes.c_ulong),  # items
        ctypes.POINTER(ctypes.c_ulong),  # bytes after
        ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),  # data
    ]
    return lib


def can_know() -> bool:
    """Whether this session can tell (an X11 display and libX11), without connecting."""
    return bool(os.environ.get("DISPLAY")) and _xlib() is not None


@contextmanager
def _display(lib: ctypes.CDLL) -> Iterator[int | None]:
    display = lib.XOpenDisplay(None)
    try:
        yield display
    finally:
        if display:
            lib.XCloseDisplay(display)


def _longs(lib: ctypes.CDLL, display: int, window: int, name: bytes, kind: int) -> list[int]:
    """A property of ``window`` as a list of 32-bit items (Xlib hands them over as longs)."""
    atom = lib.XInternAtom(display, name, True)
    if not atom:
        return []
    actual_type, actual_format = ctypes.c_ulong(), ctypes.c_int()
    items, after = ctypes.c_ulong(), ctypes.c_ulong()
    data = ctypes.POINTER(ctypes.c_ulong)()
    status = lib.XGetWindowProperty(
        display, window, atom, 0, 64, 0, kind,
        ctypes.byref(actual_type), ctypes.byref(actual_format),
        ctypes.byref(items), ctypes.byref(after), ctypes.byref(data),
    )  # fmt: skip
    if status != _SUCCESS or not data:
        return []
    try:
        if actual_format.value != 32:
            return []
        return [data[i] for i in range(items.value)]
    finally:
        lib.XFree(data)


def other_window_full_screen(own: frozenset[int] = frozenset()) -> bool | None:
    """True while the active window, not one of ``own`` (X11 ids), is full screen.

    ``None`` where it cannot be known (no X11 display, no libX11, the display refused).
    """
    lib = _xlib() if os.environ.get("DISPLAY") else None
    if lib is None:
        return None
    with _display(lib) as display:
        if not display:
            return None
        root = lib.XDefaultRootWindow(display)
        active = _longs(lib, display, root, b"_NET_ACTIVE_WINDOW", _XA_WINDOW)
        if not active or not active[0] or active[0] in own:
            return False
        full = lib.XInternAtom(display, b"_NET_WM_STATE_FULLSCREEN", True)
        states = _longs(lib, display, active[0], b"_NET_WM_STATE", _XA_ATOM)
        return bool(full) and full in states
