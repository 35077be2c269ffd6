"""The crypto provider: chosen by name, read back, refused when not
compiled in, and a full EC challenge on each compiled-in provider with
the wire equal to what the simulator recorded."""

import json
import os
from typing import List

import pytest

import threeds
from threeds import Client, ThreeDSError
from threeds.testing import Simulator

from conftest import make_client
from test_flows import Recorder, by_ui_type, start

KNOWN = ["aws-lc", "rustcrypto", "ring"]


def test_the_compiled_in_names() -> None:
    names = threeds.crypto_providers()
    assert "rustcrypto" in names
    assert len(set(names)) == len(names)
    assert set(names) <= set(KNOWN)
    # .ci/python says which providers its wheel was built with.
    expected = os.environ.get("THREEDS_EXPECT_CRYPTO")
    if expected is not None:
        assert names == expected.split(",")
    # The default is listed first, and a new client starts on it.
    assert Client().crypto_provider == names[0]


@pytest.mark.parametrize("name", KNOWN)
def test_a_name_reads_back_or_is_refused(name: str) -> None:
    client = Client()
    before = client.crypto_provider
    if name in threeds.crypto_providers():
        client.crypto_provider = name
        assert client.crypto_provider == name
        assert Client(crypto_provider=name).crypto_provider == name
        # reset() keeps the choice, as it keeps the facade's.
        client.reset()
        assert client.crypto_provider == name
    else:
        with pytest.raises(ThreeDSError) as info:
            client.crypto_provider = name
        assert info.value.code == 603
        assert client.crypto_provider == before


@pytest.mark.parametrize("name", ["", "RustCrypto", "aws_lc", "openssl", "ring "])
def test_an_unknown_name_raises_and_changes_nothing(name: str) -> None:
    client = Client()
    before = client.crypto_provider
    with pytest.raises(ThreeDSError) as info:
        client.crypto_provider = name
    assert info.value.code == 603
    assert repr(name) in info.value.message or f'"{name}"' in info.value.message
    for compiled in threeds.crypto_providers():
        assert compiled in info.value.message
    assert client.crypto_provider == before
    with pytest.raises(ThreeDSError) as info:
        Client(crypto_provider=name)
    assert info.value.code == 603


def test_the_name_is_a_string() -> None:
    client = Client()
    with pytest.raises(TypeError):
        client.crypto_provider = 1  # type: ignore[assignment]


def compiled() -> List[str]:
    return list(threeds.crypto_providers())


@pytest.mark.parametrize("name", compiled())
@pytest.mark.parametrize("gcm", [False, True])
def test_ec_challenge_on_each_provider(sim: Simulator, name: str, gcm: bool) -> None:
    # An EC DS key (ECDH-ES device information, the provider's key
    # generation and ECDH) and an ES256-signed ARes (its verification).
    client = make_client(sim, "2.2.0", gcm, kind="ec")
    client.crypto_provider = name
    client.config("LogLevel=3")
    client.config("MaskSensitive=false")
    recorder = Recorder(client)
    start(sim, client, "challenge-es256")
    assert client.transaction_status == "C"
    client.send_challenge_request()
    while not client.challenge_complete:
        by_ui_type(client)
        client.send_challenge_request()
    record = sim.transaction(client.sdk_transaction_id)
    assert record["violations"] == []
    assert record["deviceInfoAlg"][0].startswith("ECDH-ES")
    assert record["state"] == "Completed"
    assert client.transaction_status == record["outcome"] == "Y"
    # What went over the wire, as the simulator decrypted it.
    assert recorder.messages("AReq") == [record["authRequest"]]
    assert recorder.messages("ARes") == [record["ares"]]
    assert recorder.messages("CReq") == record["creqs"]
    assert recorder.messages("CRes") == record["cres"]
    assert json.loads(client.config("ChallengeResponse")) == record["cres"][-1]
    assert recorder.errors == []
    assert client.crypto_provider == name
