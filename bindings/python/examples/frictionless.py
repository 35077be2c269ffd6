"""A frictionless transaction, as a reference (ipworks3ds) program writes it.

The only changed line is the import. The 3DS Server's part (sending the auth
request to the DS and returning the ARes) is played by the bundled
simulator; in an app it is your server's job.

    THREEDS_BIN=/path/to/threeds python frictionless.py
"""

import uuid

from threeds import Client, ClientLogEventParams  # was: from ipworks3ds import Client
from threeds.testing import Simulator


def on_log(e: ClientLogEventParams) -> None:
    print(f"  log [{e.log_level}] {e.log_type}: {e.message[:80]}")


def run(sim: Simulator, scenario: str = "frictionless-y") -> str:
    client = Client()
    client.on_log = on_log
    # The DS certificate and id, the ACS root, the TLS CA of the simulator.
    sim.configure(client)
    client.sdk_app_id = str(uuid.uuid4())  # one per app installation
    client.config("SDKReferenceNumber=THREEDS-EXAMPLE-0001")
    client.add_device_param("C001", "Linux", 2, 1)  # DD: platform
    client.add_device_param("C010", "RE01", 2, 2)  # DPNA: no IP address, market restriction

    auth_request = client.get_auth_request()  # → your 3DS Server
    ares = sim.post_auth_request(auth_request, scenario)  # ← the ARes it relays
    client.check_auth_response(ares)
    print(f"sdkTransID {client.sdk_transaction_id}: transStatus {client.transaction_status}")
    return client.transaction_status


if __name__ == "__main__":
    with Simulator() as simulator:
        status = run(simulator)
    assert status == "Y", status
    print("frictionless: OK")
