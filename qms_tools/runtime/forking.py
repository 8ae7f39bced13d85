"""Python work on the machine's other core, in a forked child.

The threads of one Python process take turns at one interpreter lock, so Python work
in a thread only ever replaces work of the main thread. A forked child has an
interpreter of its own and starts as a copy of everything the parent has made, so
nothing is sent to it; only its answer comes back, pickled through a pipe.

A fork copies only the thread that forks: a lock that another thread held at that
moment stays held in the child for good. So a child is forked only where the platform
has fork and no other thread runs; elsewhere the work runs in a thread as before.

Work may answer with ``Then(answer, afterwards)``: a child gives the answer first and
does the rest (keeping a cache) while the caller goes on. Such a child is reaped when
the next one is forked if it has ended by then, and waited for by ``wait_for_children``,
at the latest when Python exits.
"""

from __future__ import annotations

import atexit
import os
import pickle
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Generic, TypeVar

T = TypeVar("T")

_finishing: list[int] = []
"""Children that gave their answer and still do what came after it."""


@dataclass(frozen=True)
class Then(Generic[T]):
    """An answer, and work that need not delay it."""

    answer: T
    afterwards: Callable[[], None]


def _answered(function: Callable[..., Any], arguments: tuple[Any, ...]) -> Any:
    """The function's answer, once all it does is done (as a thread or this process
    runs it, where nothing can follow the answer)."""
    outcome = function(*arguments)
    if isinstance(outcome, Then):
        outcome.afterwards()
        return outcome.answer
    return outcome


def wait_for_children() -> None:
    """Wait until every child that answered has also done what came after."""
    while _finishing:
        pid = _finishing.pop()
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


def _reap_finished() -> None:
    for pid in list(_finishing):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            _finishing.remove(pid)


atexit.register(wait_for_children)


def fork_is_safe() -> bool:
    """Whether a child forked now would start with no lock held by another thread."""
    return hasattr(os, "fork") and threading.active_count() == 1


class ForkedCall(Generic[T]):
    """``function(*arguments)`` in a forked child; ``result()`` waits for its answer.

    An exception of a type in ``expected`` is the function's answer and is raised again
    here. Any other failure (another exception, a child killed or out of memory, an
    answer that does not pickle) runs the function again in this process, so the caller
    gets what the function gives without the child, its traceback included.
    """

    def __init__(self, function: Callable[..., T], *arguments: Any,
                 expected: tuple[type[Exception], ...] = ()) -> None:
        self.function, self.arguments, self.expected = function, arguments, expected
        _reap_finished()
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # e.g. the process limit: the caller does the work another way
            os.close(read_end)
            os.close(write_end)
            raise
        if pid == 0:
            os.close(read_end)
            _answer(write_end, function, arguments, expected)
        os.close(write_end)
        self.pid: int | None = pid
        self.read_end = read_end

    def result(self) -> T:
        pid, self.pid = self.pid, None
        if pid is None:
            raise RuntimeError("the answer was taken already")
        continues = False
        try:
            with open(self.read_end, "rb") as pipe:
                payload = pipe.read()
            try:
                succeeded, value, continues = pickle.loads(payload)
            except Exception:  # no answer, or half of one: the child died on the way
                succeeded, value = False, None
        finally:
            if continues:
                _finishing.append(pid)
            else:
                os.waitpid(pid, 0)
        if succeeded:
            return value
        if isinstance(value, self.expected):
            raise value
        return _answered(self.function, self.arguments)

    def cancel(self) -> None:
        """Reap the child when its answer is no longer wanted. The child is not killed:
        it may be replacing a file, and it ends by itself when it finds no reader."""
        pid, self.pid = self.pid, None
        if pid is not None:
            os.close(self.read_end)
            os.waitpid(pid, 0)


def _answer(write_end: int, function: Callable[..., Any], arguments: tuple[Any, ...],
            expected: tuple[type[Exception], ...]) -> None:
    """The child's whole life: never returns into the parent's code, never runs its
    exit handlers nor flushes the output it had buffered."""
    status = 1
    afterwards: Callable[[], None] | None = None
    try:
        try:
            answer = function(*arguments)
            if isinstance(answer, Then):
                answer, afterwards = answer.answer, answer.afterwards
            outcome: tuple[bool, Any, bool] = (True, answer, afterwards is not None)
        except expected as error:
            outcome = (False, error, False)
        payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        with open(write_end, "wb") as pipe:
            pipe.write(payload)
        status = 0
        if afterwards is not None:
            afterwards()
    except BaseException:  # without an answer, the parent does the work itself
        pass
    finally:
        os._exit(status)


class Background(Generic[T]):
    """``function(*arguments)`` started beside the caller: in a forked child where that
    is safe and ``fork`` says the work is worth one (the answer is pickled, and pages
    the parent writes meanwhile are copied), else in a thread. Use it in a ``with``
    block: leaving the block waits for the work, also when the caller failed, so no
    child is left behind."""

    def __init__(self, function: Callable[..., T], *arguments: Any,
                 expected: tuple[type[Exception], ...] = (), fork: bool = True) -> None:
        self.child: ForkedCall[T] | None = None
        self.thread: ThreadPoolExecutor | None = None
        if fork and fork_is_safe():
            try:
                self.child = ForkedCall(function, *arguments, expected=expected)
                return
            except OSError:
                pass
        self.thread = ThreadPoolExecutor(max_workers=1)
        self.future: Future[T] = self.thread.submit(_answered, function, arguments)

    def result(self) -> T:
        return self.child.result() if self.child is not None else self.future.result()

    def __enter__(self) -> Background[T]:
        return self

    def __exit__(self, *exception: object) -> None:
        if self.child is not None:
            self.child.cancel()
        if self.thread is not None:
            self.thread.shutdown(wait=True)
