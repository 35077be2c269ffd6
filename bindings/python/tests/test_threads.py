"""Threads: the GIL is released while the client waits for the ACS, and
interrupt() from another thread stops the method (301)."""

import threading
import time
from typing import List

import pytest

from threeds import ThreeDSError
from threeds.testing import Simulator

from conftest import make_client
from test_flows import start


def test_interrupt_from_another_thread(sim: Simulator) -> None:
    client = make_client(sim)
    start(sim, client, "fault-slow")  # the first CRes comes 3 s late
    ticks: List[float] = []
    stop = threading.Event()

    def other_python_work() -> None:
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.01)

    def interrupter() -> None:
        time.sleep(0.5)
        client.interrupt()

    worker = threading.Thread(target=other_python_work)
    worker.start()
    threading.Thread(target=interrupter).start()
    began = time.monotonic()
    try:
        with pytest.raises(ThreeDSError) as e:
            client.send_challenge_request()
    finally:
        stop.set()
        worker.join()
    assert e.value.code == 301
    # Other Python threads ran while the client waited (the GIL was released).
    assert len([t for t in ticks if t > began + 0.1]) >= 10
    # The transaction was abandoned: nothing more is sent.
    with pytest.raises(ThreeDSError) as again:
        client.send_challenge_request()
    assert again.value.code == 603


def test_second_call_while_one_runs_is_busy(sim: Simulator) -> None:
    client = make_client(sim)
    start(sim, client, "fault-slow")
    errors: List[BaseException] = []

    def run() -> None:
        try:
            client.send_challenge_request()
        except BaseException as e:  # noqa: B902 - collected for the main thread
            errors.append(e)

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(0.5)
    with pytest.raises(ThreeDSError) as e:
        client.transaction_status
    assert e.value.code == 143
    worker.join(timeout=30)
    assert errors == [] and client.acsui_type == 1
