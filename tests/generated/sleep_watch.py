"""A pytest plugin that reports how long each test really slept.

The generated suites run with it (``-p sleep_watch``), so a test that waits for
real time to pass, instead of moving a clock, fails the template's tests
however fast or slow the machine is. Only the main thread's sleeps count: the
tests run there, while Socket.IO's background threads sleep between pings.
"""

import threading
import time
from collections import defaultdict

import pytest

SLEPT: defaultdict[str, float] = defaultdict(float)
real_sleep = time.sleep
running = "(between tests)"


def watched_sleep(seconds: float) -> None:
    """Sleep, counting the time against the running test."""
    if threading.current_thread() is threading.main_thread():
        SLEPT[running] += seconds
    real_sleep(seconds)


def pytest_configure(config: pytest.Config) -> None:
    """Count every time.sleep from here on."""
    time.sleep = watched_sleep


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    """Note which test is running, from its setup to its teardown."""
    global running
    running = item.nodeid
    try:
        return (yield)
    finally:
        running = "(between tests)"


def pytest_terminal_summary(terminalreporter) -> None:
    """Write the total, then each test that slept."""
    terminalreporter.write_line(f"sleep_watch: {sum(SLEPT.values()):.2f} s in all")
    for test, seconds in SLEPT.items():
        terminalreporter.write_line(f"sleep_watch: {seconds:.2f} s in {test}")
