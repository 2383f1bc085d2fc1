"""Work done in a second, forked process while this one goes on: the machine has two cores, and
MkDocs and Python use one.

Two uses:
- **pages**: MkDocs renders one page at a time. Our generated pages (every brief page, the theme
  pages, the timeline, the exports) depend only on the checked corpus, so a forked copy of the
  build makes them while MkDocs renders; MkDocs asks for each when it reaches it, and by then it
  is usually there (a brief page takes about 2 ms to make, MkDocs about 30 ms to render it).
- **checking**: a check from scratch works from both ends; the worker checks the briefs from
  the last one back while the check does the registries, then the briefs from the first
  (validate._Checker.start_checking_ahead).

A thread here takes each result off the pipe as soon as it is sent, so the worker is never held
back by a full pipe (64 KiB by default on Linux, less than one theme page; we ask for 1 MiB, see
`_receive`).

The worker only saves time, it never decides a result: where there is no `os.fork`, or when the
worker fails or dies, a result is made here instead, by the same function. So the output is the
same either way, and a bug raises its real traceback in this process.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import signal
import threading
from collections.abc import Callable, Hashable
from typing import Any

from .gc_pause import gc_paused

_NOT_SENT = object()
PIPE_BYTES = 1 << 20


class ForkedWorker:
    """Makes `makers` (key -> function), in their order, in a forked process; `get(key)` gives
    each result."""

    def __init__(self, makers: dict[Hashable, Callable[[], Any]], fork: bool = True):
        self.makers = makers
        self.received: dict[Hashable, Any] = {}
        self.arrived = threading.Condition()
        self.pid: int | None = None
        self.reader: threading.Thread | None = None
        self.pipe_bytes = 0  # how much the pipe holds, when it could be set
        if fork and hasattr(os, "fork") and makers:
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        try:  # Linux: a 1 MiB pipe instead of 64 KiB (see _receive)
            self.pipe_bytes = fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        except (AttributeError, OSError):
            pass
        pid = os.fork()
        if pid == 0:
            os.close(read)
            self._work(write)
        os.close(write)
        self.pid = pid
        self.reader = threading.Thread(target=self._receive, args=(read,), name="forked-worker-reader", daemon=True)
        self.reader.start()

    def _work(self, write: int) -> None:
        """The forked process: send every result, then leave without running the parent's exit
        handlers (they belong to the build, which goes on in the parent)."""
        status = 1
        try:
            with open(write, "wb") as out, gc_paused():
                for key, make in self.makers.items():
                    pickle.dump((key, make()), out, protocol=pickle.HIGHEST_PROTOCOL)
                    out.flush()  # this process may be waiting for exactly this one
            status = 0
        except BaseException:  # noqa: BLE001 - the parent makes the result itself and reports it
            pass
        finally:
            os._exit(status)

    def _receive(self, read: int) -> None:
        """The reader thread: every result the worker sends, until it stops."""
        # Each read from the pipe lets go of the GIL, and taking it back from the busy build
        # thread takes up to sys.getswitchinterval() (5 ms): so read as much as the pipe holds
        # at once. With 64 KiB reads, a 4.5 MB parsed sources.yml took about a second to arrive.
        with open(read, "rb", buffering=PIPE_BYTES) as stream:
            while True:
                try:
                    key, made = pickle.load(stream)
                except Exception:  # noqa: BLE001 - end of stream: the worker is done or died
                    break
                with self.arrived:
                    self.received[key] = made
                    self.arrived.notify_all()
        with self.arrived:
            self.reader = None
            self.arrived.notify_all()

    def get(self, key: Hashable) -> Any:
        """The result, from the worker if it sent it, else made here."""
        with self.arrived:
            self.arrived.wait_for(lambda: key in self.received or self.reader is None)
            made = self.received.pop(key, _NOT_SENT)
        return self.makers[key]() if made is _NOT_SENT else made

    def sent(self, key: Hashable) -> Any | None:
        """The result if the worker has sent it already, else None: for a caller that would
        rather make it than wait (the worker then goes on to results that are still needed)."""
        with self.arrived:
            return self.received.pop(key, None)

    def close(self) -> None:
        """Stop the worker (if it is still making results nobody will ask for) and reap it."""
        if self.pid is None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        self.pid = None
        reader = self.reader
        if reader is not None:  # the stream ends with the worker: the thread finishes
            reader.join()
        self.received.clear()
