"""The reference's flow end to end against the simulator: frictionless,
every UI type, both CReq/CRes encodings, every message version; the
client's read-outs and events compared with what the simulator recorded."""

import json
from typing import Any, Callable, Dict, List, Tuple

import pytest

from threeds import Client, ClientDataPacketOutEventParams, ClientLogEventParams, ThreeDSError
from threeds.testing import Simulator

from conftest import make_client

VERSIONS = ["2.1.0", "2.2.0", "2.3.1"]

# scenario -> (first version that has it, how the cardholder answers each screen)
Answer = Callable[[Client], None]


def text(client: Client) -> None:
    client.challenge_data_entry = "123456"


def single(client: Client) -> None:
    client.challenge_data_entry = "phon"


def multi(client: Client) -> None:
    client.challenge_data_entry = "grcy,cafe"


def oob(client: Client) -> None:
    client.oob_continuation_indicator = 1


def html(client: Client) -> None:
    client.challenge_data_entry = "otp=123456"


def info(client: Client) -> None:
    client.use_information_continuation = True


def by_ui_type(client: Client) -> None:
    {1: text, 2: single, 3: multi, 4: oob, 5: html, 6: oob, 7: info}[client.acsui_type](client)


def trust_list(client: Client) -> None:
    client.whitelisting_data_entry = True
    text(client)


def device_binding(client: Client) -> None:
    client.device_binding_data_entry = True
    text(client)


CHALLENGES: Dict[str, Tuple[str, int, Answer]] = {
    "challenge-text": ("2.1.0", 1, by_ui_type),
    "challenge-single-select": ("2.1.0", 2, by_ui_type),
    "challenge-multi-select": ("2.1.0", 3, by_ui_type),
    "challenge-oob": ("2.1.0", 4, by_ui_type),
    "challenge-html": ("2.1.0", 5, by_ui_type),
    "challenge-html-oob": ("2.3.1", 6, by_ui_type),
    "challenge-info": ("2.3.1", 7, by_ui_type),
    "challenge-two-rounds": ("2.1.0", 2, by_ui_type),
    "challenge-es256": ("2.1.0", 1, by_ui_type),
    "challenge-trust-list": ("2.2.0", 1, trust_list),
    "challenge-device-binding": ("2.3.1", 1, device_binding),
    "challenge-cres-extension": ("2.1.0", 2, by_ui_type),
}


class Recorder:
    """Every event, in order."""

    def __init__(self, client: Client) -> None:
        self.logs: List[ClientLogEventParams] = []
        self.packets_out: List[bytes] = []
        self.packets_in: List[bytes] = []
        self.errors: List[Tuple[int, str]] = []
        client.on_log = self.logs.append
        client.on_data_packet_out = lambda e: self.packets_out.append(e.data_packet)
        client.on_data_packet_in = lambda e: self.packets_in.append(e.data_packet)
        client.on_error = lambda e: self.errors.append((e.error_code, e.description))

    def messages(self, log_type: str) -> List[Any]:
        return [json.loads(e.message) for e in self.logs if e.log_type == log_type]


def start(sim: Simulator, client: Client, scenario: str) -> None:
    ares = sim.post_auth_request(client.get_auth_request(), scenario)
    client.check_auth_response(ares)


def run_challenge(client: Client, answer: Answer, rounds: int = 8) -> int:
    client.send_challenge_request()
    sent = 1
    while not client.challenge_complete:
        assert sent <= rounds, "the challenge did not end"
        answer(client)
        client.send_challenge_request()
        sent += 1
    return sent


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("scenario,status", [
    ("frictionless-y", "Y"), ("frictionless-a", "A"), ("frictionless-n", "N"),
    ("frictionless-u", "U"), ("frictionless-r", "R"),
])
def test_frictionless(sim: Simulator, version: str, scenario: str, status: str) -> None:
    client = make_client(sim, version)
    client.config("LogLevel=2")
    client.config("MaskSensitive=false")
    recorder = Recorder(client)
    start(sim, client, scenario)
    record = sim.transaction(client.sdk_transaction_id)
    assert client.transaction_status == status == record["ares"]["transStatus"]
    assert not client.challenge_complete
    assert client.config("ACSTransactionId") == record["acsTransID"]
    assert client.config("ServerTransactionId") == record["threeDSServerTransID"]
    assert client.config("DSTransactionId") == record["dsTransID"]
    assert client.config("MessageType") == "ARes"
    # The AReq part and the ARes as logged are what went over the wire.
    assert recorder.messages("AReq") == [record["authRequest"]]
    assert recorder.messages("ARes") == [record["ares"]]
    assert record["violations"] == []
    # XPath over the last message (the ARes).
    client.config("XPath=/json/transStatus")
    assert client.config("XText") == status
    client.config("XPath=/json")
    assert int(client.config("XChildCount")) == len(record["ares"])


def test_every_builtin_challenge_scenario_is_covered(sim: Simulator) -> None:
    challenges = {s for s in sim.scenarios if s.startswith("challenge-") and "-text-" not in s}
    assert challenges == set(CHALLENGES)


def challenge_cases() -> List[Any]:
    cases = []
    for scenario, (first, _ui, _answer) in CHALLENGES.items():
        for version in VERSIONS[VERSIONS.index(first):]:
            for gcm in (False, True):
                cases.append(pytest.param(scenario, version, gcm, id=f"{scenario}-{version}-{'gcm' if gcm else 'cbc'}"))
    return cases


@pytest.mark.parametrize("scenario,version,gcm", challenge_cases())
def test_challenge(sim: Simulator, scenario: str, version: str, gcm: bool) -> None:
    _first, ui_type, answer = CHALLENGES[scenario]
    client = make_client(sim, version, gcm)
    client.config("LogLevel=3")
    client.config("MaskSensitive=false")
    recorder = Recorder(client)
    start(sim, client, scenario)
    assert client.transaction_status == "C"
    client.send_challenge_request()
    assert client.acsui_type == ui_type
    assert not client.challenge_complete
    while not client.challenge_complete:
        answer(client)
        client.send_challenge_request()
    record = sim.transaction(client.sdk_transaction_id)
    assert record["violations"] == []
    assert record["state"] == "Completed"
    assert client.transaction_status == record["outcome"] == "Y"
    assert record["creqEnc"] == ("A128GCM" if gcm else "A128CBC-HS256")
    # Exact messages: each CReq and CRes as logged equals the simulator's
    # decrypted copy, in order, for every version and both encodings.
    assert recorder.messages("CReq") == record["creqs"]
    assert recorder.messages("CRes") == record["cres"]
    assert json.loads(client.config("ChallengeResponse")) == record["cres"][-1]
    # Packets: the auth request, then one JWE per CReq; one JWE per CRes.
    assert len(recorder.packets_out) == 1 + len(record["creqs"])
    assert len(recorder.packets_in) == 1 + len(record["cres"])
    assert all(p.count(b".") == 4 for p in recorder.packets_out[1:] + recorder.packets_in[1:])
    assert client.data_packet_out.encode() == recorder.packets_out[-1]
    assert recorder.errors == []
    # XPath over the last message (the final CRes).
    client.config("XPath=/json/transStatus")
    assert client.config("XText") == record["cres"][-1]["transStatus"] == "Y"
    client.config("XPath=/json/messageType")
    assert client.config("XText") == "CRes"


@pytest.mark.parametrize("version", VERSIONS)
def test_screen_properties_equal_the_cres(sim: Simulator, version: str) -> None:
    client = make_client(sim, version)
    start(sim, client, "challenge-single-select")
    client.send_challenge_request()
    cres = sim.transaction(client.sdk_transaction_id)["cres"][0]
    assert client.challenge_info_header == cres.get("challengeInfoHeader", "")
    assert client.challenge_info_text == cres.get("challengeInfoText", "")
    assert client.submit_authentication_label == cres.get("submitAuthenticationLabel", "")
    options = cres["challengeSelectInfo"]
    assert client.challenge_select_info_count == len(options)
    pairs = [(client.get_challenge_select_info_name(i), client.get_challenge_select_info_value(i))
             for i in range(client.challenge_select_info_count)]
    assert pairs == [next(iter(o.items())) for o in options]


def test_wrong_then_right_and_reset_transaction_info(sim: Simulator) -> None:
    client = make_client(sim)
    start(sim, client, "challenge-text-wrong-then-right")
    client.send_challenge_request()
    client.challenge_data_entry = "000000"
    client.send_challenge_request()
    assert not client.challenge_complete
    client.challenge_data_entry = "123456"
    client.send_challenge_request()
    assert client.challenge_complete and client.transaction_status == "Y"
    # The same instance runs the next transaction.
    client.reset_transaction_info()
    assert client.transaction_status == "" and client.sdk_transaction_id == ""
    start(sim, client, "frictionless-y")
    assert client.transaction_status == "Y"


def test_cancel(sim: Simulator) -> None:
    client = make_client(sim)
    start(sim, client, "challenge-text")
    client.send_challenge_request()
    client.challenge_cancellation_indicator = "01"
    client.send_challenge_request()
    record = sim.transaction(client.sdk_transaction_id)
    assert record["creqs"][-1]["challengeCancel"] == "01"
    assert client.challenge_complete
    assert client.transaction_status == record["outcome"] == "N"


def test_extensions_and_request_fields_reach_the_acs(sim: Simulator) -> None:
    client = make_client(sim, "2.2.0")
    client.add_extension("ID1", "vendorData", False, '{"k":"v"}')
    assert (client.extension_count, client.get_extension_name(0), client.get_extension_data(0)) == (1, "vendorData", '{"k":"v"}')
    start(sim, client, "challenge-text")
    client.send_challenge_request()
    creq = sim.transaction(client.sdk_transaction_id)["creqs"][0]
    assert creq["messageExtension"] == [{"id": "ID1", "name": "vendorData", "criticalityIndicator": False, "data": {"k": "v"}}]


def test_decoupled(sim: Simulator) -> None:
    client = make_client(sim, "2.2.0")
    start(sim, client, "decoupled")
    assert client.transaction_status == "D"


def test_log_level_0_is_silent_and_events_can_be_cleared(sim: Simulator) -> None:
    client = make_client(sim)
    recorder = Recorder(client)
    client.config("LogLevel=0")
    client.get_auth_request()
    assert recorder.logs == [] and len(recorder.packets_out) == 1
    client.on_data_packet_out = None
    assert client.on_data_packet_out is None
    client.get_auth_request()
    assert len(recorder.packets_out) == 1


def test_packet_out_event_carries_the_auth_request(sim: Simulator) -> None:
    client = make_client(sim)
    seen: List[ClientDataPacketOutEventParams] = []
    client.on_data_packet_out = seen.append
    request = client.get_auth_request()
    assert [p.data_packet for p in seen] == [request.encode()]
    assert client.data_packet_out == request


@pytest.mark.parametrize("scenario,member", [
    ("challenge-text", "challengeDataEntry"),
    ("challenge-html", "challengeHTMLDataEntry"),
])
def test_mask_sensitive_masks_exactly_the_entries(sim: Simulator, scenario: str, member: str) -> None:
    client = make_client(sim, "2.2.0", gcm=True)
    client.config("LogLevel=3")  # MaskSensitive stays at its default (on)
    recorder = Recorder(client)
    start(sim, client, scenario)
    run_challenge(client, by_ui_type)
    record = sim.transaction(client.sdk_transaction_id)
    expected = [dict(c, **{member: "******"}) if member in c else c for c in record["creqs"]]
    assert any(member in c for c in record["creqs"])
    assert recorder.messages("CReq") == expected
    assert all("123456" not in e.message for e in recorder.logs)
    assert recorder.messages("ARes") == [record["ares"]]


@pytest.mark.parametrize("version", VERSIONS)
def test_cres_extensions_replace_the_incoming_extensions(sim: Simulator, version: str) -> None:
    # The IncomingExtension* settings show the last message's extensions:
    # the ARes's, then each CRes's (none is an empty list).
    client = make_client(sim, version)
    start(sim, client, "challenge-cres-extension")
    seen = []
    client.send_challenge_request()
    while True:
        count = int(client.config("IncomingExtensionCount"))
        seen.append([
            {
                "id": client.config(f"IncomingExtensionId[{i}]"),
                "name": client.config(f"IncomingExtensionName[{i}]"),
                "criticalityIndicator": client.config(f"IncomingExtensionCritical[{i}]").lower() == "true",
                "data": json.loads(client.config(f"IncomingExtensionData[{i}]")),
            }
            for i in range(count)
        ])
        if client.challenge_complete:
            break
        by_ui_type(client)
        client.send_challenge_request()
    record = sim.transaction(client.sdk_transaction_id)
    assert client.transaction_status == record["outcome"] == "Y"
    assert seen == [cres.get("messageExtension", []) for cres in record["cres"]]
    assert seen[0] and not seen[1] and seen[2]
