"""Sockets for the web app: the one `dateline serve` listens on, and a background server for tests,
benchmarks and notebooks.

The socket is bound before uvicorn starts, so a port in use or an address that is not this machine's is
reported as one line naming `--port` or `--host` (uvicorn would log a traceback), and port 0 lets the
kernel pick a free port whose number is then known. The tests and the benchmark exercise the real server
(uvicorn, real sockets, real HTTP) rather than an in-process test client, so what they measure and check
is what `dateline serve` does.
"""

from __future__ import annotations

import errno
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from dateline.errors import DataError, DatelineError


def listen_socket(host: str, port: int) -> socket.socket:
    """A socket bound to `host`:`port` (0: any free port), for uvicorn to serve on.

    Raises `DataError` when the port is taken and `DatelineError` when the address or port cannot be used
    at all; each message names the option to change.
    """
    try:
        family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, OverflowError, UnicodeError) as e:
        reason = getattr(e, "strerror", None) or e
        raise DatelineError(f"--host {host!r} is not an address of this machine ({reason}); use 127.0.0.1 "
                            f"(this machine only) or 0.0.0.0 (every network interface)") from None
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as e:
        sock.close()
        if e.errno == errno.EADDRINUSE:
            raise DataError(f"port {port} on {host} is already in use (another server?); choose a free one "
                            f"with --port, e.g. --port {port + 1 if port < 65535 else 8000}, or --port 0 for "
                            f"any free port") from None
        if e.errno == errno.EACCES:
            raise DatelineError(f"port {port} is reserved for the administrator on this system; choose one "
                                f"from 1024 up with --port") from None
        raise DatelineError(f"cannot listen on {host} port {port} ({e.strerror}); check --host and --port") from None
    sock.listen()  # from here on a browser's request waits in the queue until the app answers it
    return sock


def url_of(sock: socket.socket) -> str:
    """The base URL a bound socket serves, e.g. ``http://127.0.0.1:8000``."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@contextmanager
def background_server(app: FastAPI, host: str = "127.0.0.1", timeout: float = 20.0) -> Iterator[str]:
    """Serve `app` until the block ends; yields its base URL, e.g. ``http://127.0.0.1:40123``.

    The socket is bound before uvicorn starts (port 0: the kernel picks a free port), so two runs never
    race for a port.
    """
    sock = listen_socket(host, 0)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the web app did not start on {url_of(sock)}")
            time.sleep(0.02)
        yield url_of(sock)
    finally:
        server.should_exit = True
        thread.join(timeout)
        sock.close()
