"""Python work on the machine's other core, in a forked child: the one way this package
forks.

The threads of one Python process take turns at one interpreter lock, so Python work
in a thread only ever replaces work of the main thread. A forked child has an
interpreter of its own and starts as a copy of everything the parent has made, so
nothing is sent to it; only what it says comes back, pickled through a pipe.

A child is forked only where that is safe and pays (``fork_is_safe``): the platform
forks (CPython's documentation: macOS's system libraries are not fork-safe, so Python
spawns there), the process may use two cores or more (on one, the child would only
take turns with its parent), and no other thread runs (a lock that it held at the
fork would stay held in the child for good). Elsewhere the caller does the work itself.

One stop rule: the parent reaps every child it forked, at the latest when the answer
is in. A child whose answer is no longer wanted, or that has said nothing and done
nothing for ``PATIENCE`` seconds, is stopped (SIGTERM, SIGKILL after ``GRACE`` seconds)
and reaped; no wait is without a timeout. ``ChildLost`` tells the caller, which then does the work
itself.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
import traceback
from concurrent.futures import Future, ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any, Callable, Generic, TypeVar

T = TypeVar("T")

PATIENCE = 300.0
"""Seconds the parent waits for a child's next message while the child uses no CPU time.
The longest gap measured is the search index at 10,000 documents, about 10 s on a loaded
machine; a child silent and idle thirty times as long is stuck. A child that computes is
waited for, however long the machine makes it take: with a load of 18 on two cores,
``benchmarks/run.py`` saw the build worker of a 1,500-document site silent for more than
300 s while it worked, and the build failed."""
GRACE = 5.0
"""Seconds a stopped child has to end before it is killed."""

_to_parent: Connection | None = None
"""In a child: the pipe ``send`` writes to."""


def usable_cores() -> int:
    """The cores this process may run on (a container or ``taskset`` may allow fewer
    than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # no affinity on this platform
        return os.cpu_count() or 1


def fork_is_safe() -> bool:
    """Whether a child forked now starts safely and runs beside this process."""
    return (hasattr(os, "fork") and sys.platform != "darwin" and usable_cores() >= 2
            and threading.active_count() == 1)


class ChildLost(Exception):
    """The child ended or fell silent without its answer; it has been reaped. The
    message says which, in Swedish, for the user."""


class ChildFailed(Exception):
    """The work failed in the child with an exception it did not expect; ``details``
    is its traceback."""

    def __init__(self, text: str, details: str) -> None:
        super().__init__(text)
        self.details = details


def send(message: Any) -> None:
    """In a child: pass ``message`` to the parent, which reads it with ``receive``
    before the answer."""
    if _to_parent is None:
        raise RuntimeError("send() only works in a forked child")
    _to_parent.send(("message", message))


class Child(Generic[T]):
    """``work(*arguments)`` in a forked child. The parent reads what the work sends
    with ``receive`` and its answer with ``result``.

    An exception of a type in ``expected`` is the work's answer and is raised by
    ``result``; any other is ``ChildFailed``. With ``keep_heap`` the objects the parent
    has made sit out of cycle collection while the child lives (``gc.freeze``, as
    Python advises before a fork): a collection writes to every object it visits, which
    would copy the shared heap page by page into one process or the other. They are
    collectable again as soon as the child is reaped.
    """

    def __init__(self, work: Callable[..., T], *arguments: Any, expected: tuple[type[Exception], ...] = (),
                 keep_heap: bool = False) -> None:
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        self.frozen = keep_heap
        if keep_heap:
            gc.freeze()
        self.process = context.Process(target=_run, args=(sender, work, arguments, expected), daemon=True)
        try:
            self.process.start()
        except OSError:  # e.g. the process limit: the caller does the work another way
            receiver.close()
            sender.close()
            self._thaw()
            raise
        sender.close()
        self.connection: Connection | None = receiver
        self.answered = False

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def receive(self) -> tuple[bool, Any]:
        """The child's next word: ``(False, message)`` for what it sent, ``(True,
        answer)`` for its answer, after which it is reaped. Raises an expected
        exception, ``ChildFailed`` or ``ChildLost``, each after reaping it."""
        if self.connection is None:
            raise ChildLost("processen som gjorde arbetet har redan avslutats")
        try:
            used = _cpu_seconds(self.process.pid)
            while not self.connection.poll(PATIENCE):
                before, used = used, _cpu_seconds(self.process.pid)
                if used is None or before is None or used <= before:
                    self.stop()
                    raise ChildLost(f"processen som gjorde arbetet var tyst i {PATIENCE:.0f} s och stoppades")
            kind, value = self.connection.recv()
        except (EOFError, OSError) as error:  # killed, out of memory, or an answer that does not unpickle
            self.stop()
            raise ChildLost(f"processen som gjorde arbetet avslutades med kod {self.process.exitcode} utan att "
                            "svara") from error
        except BaseException:
            self.stop()
            raise
        if kind == "message":
            return False, value
        self.answered = True
        self.stop()
        if kind == "answer":
            return True, value
        if kind == "raised":
            raise value
        raise ChildFailed(*value)

    def result(self) -> T:
        """The answer, once the child gives it (messages before it are passed over)."""
        while True:
            done, value = self.receive()
            if done:
                return value

    def stop(self) -> None:
        """Reap the child: at once when it has answered, else after stopping it."""
        connection, self.connection = self.connection, None
        if connection is not None:
            connection.close()
        if self.process.exitcode is None:
            if not self.answered:
                self.process.terminate()
            self.process.join(GRACE)
            if self.process.exitcode is None:
                self.process.kill()
                self.process.join(GRACE)
        self._thaw()

    def _thaw(self) -> None:
        if self.frozen:
            self.frozen = False
            gc.unfreeze()


def _cpu_seconds(pid: int | None) -> float | None:
    """CPU seconds process ``pid`` has used (with its reaped children), from Linux's
    ``/proc``; None where that cannot be read (another platform, a process gone), and
    the child is then judged by its silence alone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            # The fields after the command name, which is in parentheses and may hold any byte.
            fields = stat.read().rpartition(b")")[2].split()
        return sum(int(field) for field in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _run(connection: Connection, work: Callable[..., Any], arguments: tuple[Any, ...],
         expected: tuple[type[Exception], ...]) -> None:
    """The child's whole life: never returns into multiprocessing's code, which would
    flush output the parent had buffered and run its finalizers."""
    global _to_parent
    _to_parent = connection
    status = 1
    try:
        try:
            outcome: tuple[str, Any] = ("answer", work(*arguments))
        except expected as error:
            outcome = ("raised", error)
        except Exception as error:
            outcome = ("failed", (f"{type(error).__name__}: {error}", traceback.format_exc()))
        connection.send(outcome)
        status = 0
    except BaseException:  # no answer could be sent: the parent sees the pipe close
        pass
    finally:
        os._exit(status)


class Background(Generic[T]):
    """``function(*arguments)`` started beside the caller: in a forked child where that
    is safe and ``fork`` says the work is worth one, else in a thread. A child that
    fails or is lost leaves the work to this process, so the caller gets what the
    function gives without a child, its traceback included. Use it in a ``with``
    block: leaving the block reaps the child, also when the caller failed."""

    def __init__(self, function: Callable[..., T], *arguments: Any,
                 expected: tuple[type[Exception], ...] = (), fork: bool = True) -> None:
        self.function, self.arguments = function, arguments
        self.child: Child[T] | None = None
        self.thread: ThreadPoolExecutor | None = None
        if fork and fork_is_safe():
            try:
                self.child = Child(function, *arguments, expected=expected)
                return
            except OSError:
                pass
        self.thread = ThreadPoolExecutor(max_workers=1)
        self.future: Future[T] = self.thread.submit(function, *arguments)

    def result(self) -> T:
        if self.child is None:
            return self.future.result()
        try:
            return self.child.result()
        except (ChildLost, ChildFailed):
            return self.function(*self.arguments)

    def __enter__(self) -> Background[T]:
        return self

    def __exit__(self, *exception: object) -> None:
        if self.child is not None:
            self.child.stop()
        if self.thread is not None:
            self.thread.shutdown(wait=True)
