"""Small network helpers shared by the connectors."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
from typing import Any


def is_loopback_host(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Watchdog:
    """A deadline for one conversation with another system: when ``seconds`` have passed, every
    socket it was shown is shut down, so a read or write blocked in a client library returns
    and the conversation fails. A socket timeout bounds one read, not the conversation: a peer
    sending a byte now and then would hold the worker for as long as it liked.

    Use as a context manager around the conversation and ``watch`` each socket it opens (a
    socket shown after the deadline is shut at once); ``fired`` tells afterwards whether the
    failure was the deadline's.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self.fired = False

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.fired:
                _shut(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._sockets:
                _shut(sock)

    def __enter__(self) -> Watchdog:
        self._timer = threading.Timer(self.seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._timer is not None:
            self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError, ValueError):  # closed, or detached by a TLS wrap
        socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket's, also under TLS


class AnswerTooLong(OSError):
    """Another system's answer outgrew its bound (an OSError, as a broken connection is)."""


class BoundedReader:
    """The peer's side of a connection, read through a client library's buffered file, at most
    ``limit`` bytes an answer (``reset`` starts the next answer). Past it ``AnswerTooLong`` is
    raised and ``overflowed`` stays set: a library that wraps the error (``smtplib`` makes it a
    disconnection) can still be told why."""

    def __init__(self, raw: Any, limit: int) -> None:
        self._raw = raw
        self.limit = limit
        self._left = limit
        self.overflowed = False

    def reset(self) -> None:
        self._left = self.limit

    def _took(self, n: int) -> None:
        self._left -= n
        if self._left < 0:
            self.overflowed = True
            raise AnswerTooLong(f"an answer longer than {self.limit} bytes")

    def _cap(self, size: int | None) -> int:
        return self._left + 1 if size is None or size < 0 else min(size, self._left + 1)

    def readline(self, size: int = -1) -> bytes:
        line: bytes = self._raw.readline(self._cap(size))
        self._took(len(line))
        return line

    def read(self, size: int | None = -1) -> bytes:
        data: bytes = self._raw.read(self._cap(size))
        self._took(len(data))
        return data

    def read1(self, size: int = -1) -> bytes:
        data: bytes = self._raw.read1(self._cap(size))
        self._took(len(data))
        return data

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)[: self._cap(len(buffer))]
        n: int = self._raw.readinto(view)
        self._took(n)
        return n

    def peek(self, size: int = 0) -> bytes:
        return self._raw.peek(size)  # type: ignore[no-any-return]

    def close(self) -> None:
        self._raw.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)
