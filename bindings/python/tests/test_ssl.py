"""The TLS events and the refused TLS/proxy names."""

from typing import List

import pytest

from threeds import ClientSSLServerAuthenticationEventParams, ThreeDSError
from threeds.testing import Simulator, pem_to_der

from conftest import make_client
from test_flows import start


def test_server_authentication_event_sees_the_acs_certificate(sim: Simulator) -> None:
    client = make_client(sim)
    seen: List[ClientSSLServerAuthenticationEventParams] = []
    client.on_ssl_server_authentication = seen.append
    statuses: List[str] = []
    client.on_ssl_status = lambda e: statuses.append(e.message)
    start(sim, client, "challenge-text")
    client.send_challenge_request()
    assert len(seen) == 1
    event = seen[0]
    assert (event.status, event.accept) == ("OK", True)
    ca_der = pem_to_der(sim.tls_ca_pem)
    assert event.cert_encoded != ca_der and len(event.cert_encoded) > 100
    assert event.cert_issuer != "" and event.cert_subject != ""
    assert statuses[0].startswith("starting the TLS handshake")
    assert any(event.cert_subject in s for s in statuses)
    assert statuses[-1].startswith("TLS handshake complete")


def test_refusing_the_server_fails_the_exchange(sim: Simulator) -> None:
    client = make_client(sim)

    def refuse(e: ClientSSLServerAuthenticationEventParams) -> None:
        e.accept = False

    client.on_ssl_server_authentication = refuse
    start(sim, client, "challenge-text")
    with pytest.raises(ThreeDSError) as e:
        client.send_challenge_request()
    assert e.value.code in (151, 275, 276, 280)
    assert sim.transaction(client.sdk_transaction_id)["creqs"] == []


def test_accepting_an_untrusted_server(sim: Simulator) -> None:
    client = make_client(sim)
    client.config("SSLServerCACerts=")  # back to the system roots only
    verdicts: List[str] = []

    def accept(e: ClientSSLServerAuthenticationEventParams) -> None:
        verdicts.append(e.status)
        e.accept = True

    client.on_ssl_server_authentication = accept
    start(sim, client, "challenge-text")
    client.send_challenge_request()
    assert client.acsui_type == 1
    assert verdicts and verdicts[0] != "OK"


def test_bad_ca_certificate_is_refused() -> None:
    from threeds import Client

    with pytest.raises(ThreeDSError) as e:
        Client().config("SSLServerCACerts=-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    assert e.value.code == 602


def test_server_ca_certs_reads_back(sim: Simulator) -> None:
    client = make_client(sim)
    assert client.config("SSLServerCACerts") == sim.tls_ca_pem


@pytest.mark.parametrize("name", ["proxy_server", "ssl_cert_subject", "ssl_server_cert_private_key", "ssl_accept_server_cert_store"])
def test_tls_and_proxy_names_raise_with_reason(name: str) -> None:
    from threeds import Client

    with pytest.raises(ThreeDSError) as e:
        getattr(Client(), name)
    assert e.value.code == 603 and "not available" in str(e.value)
