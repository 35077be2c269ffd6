"""Error codes on bad input and protocol faults, refused names, callback
exceptions, re-entrance (143)."""

from typing import List

import pytest

from threeds import Client, ClientLogEventParams, ThreeDSError
from threeds.testing import Simulator

from conftest import make_client
from test_flows import start


def code_of(excinfo: "pytest.ExceptionInfo[ThreeDSError]") -> int:
    return excinfo.value.code


def test_check_auth_response_before_get_auth_request() -> None:
    with pytest.raises(ThreeDSError) as e:
        Client().check_auth_response("{}")
    assert code_of(e) == 603
    assert "no auth request" in str(e.value) and e.value.message == str(e.value)


def test_get_auth_request_without_ds_certificate() -> None:
    with pytest.raises(ThreeDSError) as e:
        Client().get_auth_request()
    assert code_of(e) == 602


def test_bad_certificate_bytes() -> None:
    with pytest.raises(ThreeDSError) as e:
        Client().directory_server_cert_encoded = b"not a certificate"
    assert code_of(e) == 602


def test_index_out_of_range() -> None:
    client = Client()
    with pytest.raises(ThreeDSError) as e:
        client.get_device_param_field_name(0)
    assert code_of(e) == 606
    with pytest.raises(ThreeDSError) as e:
        client.get_challenge_select_info_name(-1)
    assert code_of(e) == 606


def test_bad_values() -> None:
    client = Client()
    for call in (
        lambda: client.add_device_param("C001", "x", 7, 1),
        lambda: client.add_request_field("", "x", 2),
        lambda: client.add_extension("ID", "n", False, "not json"),
        lambda: setattr(client, "message_version", "9.9.9"),
        lambda: client.config("NoSuchSetting"),
        lambda: client.config("LogLevel=loud"),
    ):
        with pytest.raises(ThreeDSError) as e:
            call()
        assert code_of(e) == 603, str(e.value)


def test_python_types_are_checked() -> None:
    client = Client()
    with pytest.raises(TypeError):
        client.timeout = "30"  # type: ignore[assignment]
    with pytest.raises(TypeError):
        client.directory_server_cert_encoded = "PEM text"  # type: ignore[assignment]
    with pytest.raises(TypeError):
        client.use_additional_challenge = 1  # type: ignore[assignment]
    with pytest.raises(AttributeError):
        client.transaction_status = "Y"  # type: ignore[misc]


def test_malformed_ares(sim: Simulator) -> None:
    client = make_client(sim)
    client.get_auth_request()
    with pytest.raises(ThreeDSError) as e:
        client.check_auth_response("{not json")
    assert code_of(e) == 1101


@pytest.mark.parametrize("scenario,code", [
    ("fault-ares-bad-signature", 602),
    ("fault-ares-untrusted-chain", 602),
])
def test_refused_ares(sim: Simulator, scenario: str, code: int) -> None:
    client = make_client(sim)
    errors: List[int] = []
    client.on_error = lambda e: errors.append(e.error_code)
    with pytest.raises(ThreeDSError) as e:
        start(sim, client, scenario)
    assert code_of(e) == code and errors == [code]


@pytest.mark.parametrize("scenario,code,erro", [
    ("fault-bad-tag", 1302, "302"),
    ("fault-invalid-ui-type", 1101, "203"),
])
def test_bad_cres_sends_erro(sim: Simulator, scenario: str, code: int, erro: str) -> None:
    client = make_client(sim)
    start(sim, client, scenario)
    with pytest.raises(ThreeDSError) as e:
        client.send_challenge_request()
    assert code_of(e) == code
    record = sim.transaction(client.sdk_transaction_id)
    assert [r["errorCode"] for r in record["errosReceived"]] == [erro]
    assert client.config("ErrorCode") == erro


def test_erro_from_acs(sim: Simulator) -> None:
    client = make_client(sim)
    start(sim, client, "fault-erro")
    with pytest.raises(ThreeDSError) as e:
        client.send_challenge_request()
    assert code_of(e) == 1101
    record = sim.transaction(client.sdk_transaction_id)
    assert client.config("ErrorCode") == record["errosSent"][0]["errorCode"] == "403"
    client.config("XPath=/json/messageType")
    assert client.config("XText") == "Erro"


def test_send_challenge_request_without_challenge(sim: Simulator) -> None:
    client = make_client(sim)
    start(sim, client, "frictionless-y")
    with pytest.raises(ThreeDSError) as e:
        client.send_challenge_request()
    assert code_of(e) == 603


def test_callback_exception_surfaces_and_client_stays_usable(sim: Simulator) -> None:
    client = make_client(sim)

    class Boom(Exception):
        pass

    def on_log(e: ClientLogEventParams) -> None:
        raise Boom(e.log_type)

    client.on_log = on_log
    with pytest.raises(Boom):
        request = client.get_auth_request()
    # The method finished its work before the exception surfaced.
    assert client.sdk_transaction_id != ""
    request = client.data_packet_out
    client.on_log = None
    client.check_auth_response(sim.post_auth_request(request, "challenge-text"))
    client.send_challenge_request()
    client.challenge_data_entry = "123456"
    client.send_challenge_request()
    assert client.transaction_status == "Y"


def test_callback_exception_during_challenge(sim: Simulator) -> None:
    client = make_client(sim)
    start(sim, client, "challenge-text")

    def on_data_packet_in(_: object) -> None:
        raise KeyError("app bug")

    client.on_data_packet_in = on_data_packet_in
    with pytest.raises(KeyError):
        client.send_challenge_request()
    # The CRes was processed: the screen is there, the challenge goes on.
    assert client.acsui_type == 1
    client.on_data_packet_in = None
    client.challenge_data_entry = "123456"
    client.send_challenge_request()
    assert client.transaction_status == "Y"
    assert sim.transaction(client.sdk_transaction_id)["violations"] == []


def test_reentrant_call_from_a_callback_is_busy(sim: Simulator) -> None:
    client = make_client(sim)
    seen: List[int] = []

    def on_log(_: ClientLogEventParams) -> None:
        try:
            client.transaction_status
        except ThreeDSError as e:
            seen.append(e.code)

    client.on_log = on_log
    client.get_auth_request()
    assert seen and set(seen) == {143}


def test_event_hooks_must_be_callable() -> None:
    with pytest.raises(TypeError):
        Client().on_log = 42  # type: ignore[assignment]


def test_callback_exception_keeps_the_method_error_as_cause(sim: Simulator) -> None:
    client = make_client(sim)
    client.get_auth_request()

    def on_error(_: object) -> None:
        raise RuntimeError("logging backend down")

    client.on_error = on_error
    with pytest.raises(RuntimeError) as e:
        client.check_auth_response("{not json")
    cause = e.value.__cause__
    assert isinstance(cause, ThreeDSError) and cause.code == 1101


@pytest.mark.parametrize("scenario", ["fault-http-500", "fault-drop-connection"])
def test_transport_failures_are_151(sim: Simulator, scenario: str) -> None:
    client = make_client(sim)
    start(sim, client, scenario)
    with pytest.raises(ThreeDSError) as e:
        client.send_challenge_request()
    assert code_of(e) == 151


def test_timeout_is_201_and_sends_erro_402(sim: Simulator) -> None:
    client = make_client(sim)
    client.timeout = 1  # seconds per exchange; the first CRes comes 3 s late
    start(sim, client, "fault-slow")
    with pytest.raises(ThreeDSError) as e:
        client.send_challenge_request()
    assert code_of(e) == 201
    assert client.config("ErrorCode") == "402"


def test_resend_and_wrong_code_fail(sim: Simulator) -> None:
    client = make_client(sim)
    start(sim, client, "challenge-text-fail")
    client.send_challenge_request()
    client.config("ResendChallengeInfo=Y")
    client.send_challenge_request()
    record = sim.transaction(client.sdk_transaction_id)
    assert record["creqs"][-1].get("resendChallenge") == "Y"
    assert client.acsui_type == 1 and not client.challenge_complete
    client.challenge_data_entry = "000000"
    client.send_challenge_request()
    assert client.challenge_complete
    assert client.transaction_status == sim.transaction(client.sdk_transaction_id)["outcome"] == "N"
