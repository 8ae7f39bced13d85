"""Work in a forked child: its answer comes back, its failures do not get lost, and no
child is left behind."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from qms_tools.runtime import forking
from qms_tools.runtime.forking import Background, ForkedCall, Then, fork_is_safe, wait_for_children
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
    call = ForkedCall(pid_and_payload)
    child = call.pid
    pid, payload = call.result()
    assert pid == child != os.getpid()
    assert payload == pid_and_payload()[1]
    assert reaped(child)


def unreadable() -> None:
    raise GitError("log", "/handbok", "fatal: detected dubious ownership")


def test_an_expected_exception_is_the_answer():
    with pytest.raises(GitError) as raised:
        ForkedCall(unreadable, expected=(GitError,)).result()
    assert raised.value.reason == "fatal: detected dubious ownership"


def work_that_fails_only_in_a_child(parent: int, failure: str) -> int:
    if os.getpid() != parent:
        if failure == "killed":
            os.kill(os.getpid(), signal.SIGKILL)
        if failure == "exited":
            os._exit(3)
        raise ValueError("a bug")
    return os.getpid()


@pytest.mark.parametrize("failure", ["killed", "exited", "unexpected exception"])
def test_a_failed_child_leaves_the_work_to_this_process(failure):
    call = ForkedCall(work_that_fails_only_in_a_child, os.getpid(), failure, expected=(GitError,))
    child = call.pid
    assert call.result() == os.getpid()
    assert reaped(child)


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


def test_leaving_without_the_answer_reaps_the_child(monkeypatch):
    monkeypatch.setattr(forking, "fork_is_safe", lambda: True)
    with pytest.raises(KeyError):
        with Background(pid_and_payload) as background:
            child = background.child.pid
            raise KeyError("the caller failed first")
    assert reaped(child)


def answer_then_write(go: str, done: str) -> Then[int]:
    def afterwards() -> None:
        # Waits for the caller to have the answer: a caller that waited for this child
        # to end would never give the sign (and the test fails after ten seconds).
        for _ in range(1000):
            if os.path.exists(go):
                break
            threading.Event().wait(0.01)
        with open(done, "w", encoding="utf-8") as file:
            file.write("efter svaret" if os.path.exists(go) else "svaret dröjde")

    return Then(os.getpid(), afterwards)


def test_a_child_answers_before_it_does_what_follows(tmp_path):
    go, done = tmp_path / "go", tmp_path / "done"
    call = ForkedCall(answer_then_write, str(go), str(done))
    child = call.pid
    assert call.result() == child
    assert not done.exists()
    go.touch()
    wait_for_children()
    assert done.read_text(encoding="utf-8") == "efter svaret"
    assert reaped(child)


def test_in_a_thread_what_follows_is_done_before_the_answer(tmp_path):
    go, done = tmp_path / "go", tmp_path / "done"
    go.touch()
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()  # so no child is forked
    try:
        with Background(answer_then_write, str(go), str(done)) as background:
            assert background.result() == os.getpid()
            assert done.read_text(encoding="utf-8") == "efter svaret"
    finally:
        release.set()
        other.join()
