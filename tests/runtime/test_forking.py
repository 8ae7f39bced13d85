"""Work in a forked child: its answer comes back, its failures do not get lost, no wait
is without a timeout, and no child outlives its parent's interest in it."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
import time

import pytest

from qms_tools.runtime import forking
from qms_tools.runtime.forking import Background, Child, ChildFailed, ChildLost, fork_is_safe
from qms_tools.runtime.git import GitError

# The children here run code that takes no lock, so they are forked even where a test
# run earlier left a thread behind (a browser test's web server), whose locks a fork
# would copy held: fork_is_safe() is then false and Background would choose a thread.
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


def reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def pid_and_payload() -> tuple[int, list[str]]:
    # More than a pipe holds, so the child waits for the reader.
    return os.getpid(), [f"rad {number}" for number in range(100_000)]


def test_the_answer_comes_from_a_child_that_is_then_reaped():
    child = Child(pid_and_payload)
    pid, payload = child.result()
    assert pid == child.pid != os.getpid()
    assert payload == pid_and_payload()[1]
    assert reaped(child.pid) and multiprocessing.active_children() == []


def sends_then_answers(count: int) -> str:
    for number in range(count):
        forking.send(number)
    return "klart"


def test_what_a_child_sends_comes_before_its_answer():
    child = Child(sends_then_answers, 3)
    assert [child.receive() for _ in range(4)] == [(False, 0), (False, 1), (False, 2), (True, "klart")]


def unreadable() -> None:
    raise GitError("log", "/handbok", "fatal: detected dubious ownership")


def test_an_expected_exception_is_the_answer():
    with pytest.raises(GitError) as raised:
        Child(unreadable, expected=(GitError,)).result()
    assert (raised.value.command, raised.value.reason) == ("log", "fatal: detected dubious ownership")


def work_that_fails_only_in_a_child(parent: int, failure: str) -> int:
    if os.getpid() != parent:
        if failure == "killed":
            os.kill(os.getpid(), signal.SIGKILL)
        if failure == "exited":
            os._exit(3)
        raise ValueError("a bug")
    return os.getpid()


def test_a_failure_in_the_child_is_said_and_the_child_reaped():
    child = Child(work_that_fails_only_in_a_child, os.getpid(), "unexpected exception")
    with pytest.raises(ChildFailed, match="ValueError: a bug") as raised:
        child.result()
    assert "Traceback" in raised.value.details
    child = Child(work_that_fails_only_in_a_child, os.getpid(), "killed")
    with pytest.raises(ChildLost, match="avslutades med kod -9"):
        child.result()
    assert reaped(child.pid)


@pytest.mark.parametrize("failure", ["killed", "exited", "unexpected exception"])
def test_a_failed_child_leaves_the_work_to_this_process(failure, monkeypatch):
    monkeypatch.setattr(forking, "fork_is_safe", lambda: True)
    with Background(work_that_fails_only_in_a_child, os.getpid(), failure, expected=(GitError,)) as background:
        child = background.child.pid
        assert background.result() == os.getpid()
    assert reaped(child)


def test_a_silent_child_is_stopped_after_the_patience(monkeypatch):
    monkeypatch.setattr(forking, "PATIENCE", 0.5)
    child = Child(time.sleep, 600)
    started = time.monotonic()
    with pytest.raises(ChildLost, match="tyst i 0 s"):
        child.result()
    assert time.monotonic() - started < 10
    assert reaped(child.pid) and child.process.exitcode == -signal.SIGTERM


def busy(seconds: float) -> str:
    """Work that says nothing until its answer, as the build worker's search index."""
    deadline = time.process_time() + seconds
    while time.process_time() < deadline:
        pass
    return "klar"


@pytest.mark.skipif(not os.path.exists(f"/proc/{os.getpid()}/stat"), reason="CPU time is read from Linux's /proc")
def test_a_silent_child_that_computes_is_waited_for(monkeypatch):
    """A loaded machine stretches a child's work past the patience: it is stopped only
    when it also does nothing."""
    monkeypatch.setattr(forking, "PATIENCE", 1.0)  # clock ticks of 10 ms: a starved child still shows some
    child = Child(busy, 3.0)
    assert child.result() == "klar"
    assert reaped(child.pid)


def test_no_fork_while_another_thread_runs():
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not fork_is_safe()
        with Background(os.getpid) as background:
            assert background.child is None
            assert background.result() == os.getpid()
    finally:
        release.set()
        other.join()


def test_no_fork_on_macos_nor_on_one_core(monkeypatch):
    assert fork_is_safe() == (threading.active_count() == 1 and forking.usable_cores() >= 2)
    monkeypatch.setattr(forking, "usable_cores", lambda: 1)
    assert not fork_is_safe()
    monkeypatch.setattr(forking, "usable_cores", lambda: 8)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert not fork_is_safe()


def test_usable_cores_follow_the_affinity():
    if hasattr(os, "sched_getaffinity"):
        assert forking.usable_cores() == len(os.sched_getaffinity(0))


def test_leaving_without_the_answer_stops_and_reaps_the_child(monkeypatch):
    monkeypatch.setattr(forking, "fork_is_safe", lambda: True)
    with pytest.raises(KeyError):
        with Background(time.sleep, 600) as background:
            child = background.child
            raise KeyError("the caller failed first")
    assert reaped(child.pid) and child.process.exitcode == -signal.SIGTERM


def test_a_frozen_heap_is_collectable_again_once_the_child_is_reaped():
    assert gc.get_freeze_count() == 0
    child = Child(os.getpid, keep_heap=True)
    assert gc.get_freeze_count() > 0
    assert child.result() == child.pid
    assert gc.get_freeze_count() == 0
    child = Child(time.sleep, 600, keep_heap=True)
    child.stop()
    assert gc.get_freeze_count() == 0 and reaped(child.pid)
