"""Fixtures: one simulator for the session, clients configured against it."""

import os
import uuid
from typing import Iterator

import pytest

from threeds import Client
from threeds.testing import Simulator

SDK_REFERENCE_NUMBER = "THREEDS-PY-0001"


@pytest.fixture(scope="session")
def sim() -> Iterator[Simulator]:
    with Simulator() as running:
        yield running


def make_client(sim: Simulator, version: str = "2.2.0", gcm: bool = False, kind: str = "rsa") -> Client:
    """A client as a reference user sets one up, pointed at the simulator."""
    client = Client()
    sim.configure(client, kind)
    client.message_version = version
    client.sdk_app_id = str(uuid.uuid4())
    client.config("SDKReferenceNumber=" + SDK_REFERENCE_NUMBER)
    client.config("UseAESGCM=" + ("true" if gcm else "false"))
    client.add_device_param("C001", "Linux", 2, 1)
    client.add_device_param("C010", "RE01", 2, 2)
    return client


@pytest.fixture()
def client(sim: Simulator) -> Client:
    return make_client(sim)


def repo_file(*parts: str) -> str:
    """A file of the source tree (the tests run from it; the package under test is the installed wheel)."""
    root = os.environ.get("THREEDS_REPO") or os.path.join(os.path.dirname(__file__), "..", "..", "..")
    return os.path.join(root, *parts)
