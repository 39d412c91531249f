"""Which Dask cluster to run on: ``local:N`` (N worker processes on this machine) or a scheduler address."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from dateline.errors import DatelineError

if TYPE_CHECKING:
    from dask.distributed import Client

__all__ = ["connect"]

_LOCAL = re.compile(r"local:(\d+)")


@contextlib.contextmanager
def connect(spec: str | None) -> Iterator[Client | None]:
    """A Dask client for `spec`, closed (with its local cluster) on exit; None for no cluster, when work
    runs in this process."""
    if spec is None:
        yield None
        return
    from dask.distributed import Client, LocalCluster

    if m := _LOCAL.fullmatch(spec):
        n = int(m[1])
        if not 1 <= n <= 256:
            raise DatelineError(f"--cluster {spec}: give 1 to 256 local workers, e.g. local:2")
        # One thread a worker: annotation is pure Python and holds the GIL, so processes are the unit.
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            yield client
        return
    if not spec.startswith(("tcp://", "tls://", "ws://", "wss://", "inproc://", "ucx://")):
        raise DatelineError(f"--cluster {spec!r}: give local:N or a scheduler address such as tcp://HOST:8786")
    try:
        client = Client(spec, timeout="10s")
    except OSError as e:
        raise DatelineError(f"--cluster {spec}: cannot reach the Dask scheduler ({e}); is it running?") from None
    with client:
        yield client
