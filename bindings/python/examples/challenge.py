"""A challenge transaction (text OTP), as a reference (ipworks3ds) program
writes it: only the import changed.

    THREEDS_BIN=/path/to/threeds python challenge.py
"""

import uuid

from threeds import Client, ThreeDSError  # was: from ipworks3ds import Client
from threeds.testing import Simulator


def ask_cardholder(client: Client) -> None:
    """Shows the screen the ACS sent and stores what the cardholder entered."""
    print(f"  [{client.challenge_info_header}] {client.challenge_info_text}")
    if client.acsui_type == 1:  # text: the OTP as typed
        print(f"  {client.challenge_info_label} ______ ({client.submit_authentication_label})")
        client.challenge_data_entry = "123456"
    elif client.acsui_type in (2, 3):  # single/multi select: the option names
        names = [client.get_challenge_select_info_name(i) for i in range(client.challenge_select_info_count)]
        client.challenge_data_entry = names[0]
    elif client.acsui_type == 5:  # HTML: the form's data as the page posted it
        client.challenge_data_entry = "otp=123456"
    else:  # OOB, information: continue
        client.oob_continuation_indicator = 1


def run(sim: Simulator, scenario: str = "challenge-text") -> str:
    client = Client()
    sim.configure(client)
    client.message_version = "2.2.0"
    client.sdk_app_id = str(uuid.uuid4())
    client.config("SDKReferenceNumber=THREEDS-EXAMPLE-0001")
    client.add_device_param("C001", "Linux", 2, 1)

    client.check_auth_response(sim.post_auth_request(client.get_auth_request(), scenario))
    if client.transaction_status != "C":
        return client.transaction_status
    try:
        client.send_challenge_request()  # the first CReq asks the ACS for its screen
        while not client.challenge_complete:
            ask_cardholder(client)
            client.send_challenge_request()  # the answer; the ACS may ask again
    except ThreeDSError as e:
        print(f"challenge failed: {e.code} {e}")
        raise
    print(f"sdkTransID {client.sdk_transaction_id}: transStatus {client.transaction_status}")
    return client.transaction_status


if __name__ == "__main__":
    with Simulator() as simulator:
        status = run(simulator)
    assert status == "Y", status
    print("challenge: OK")
