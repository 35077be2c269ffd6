"""The proxy, client-certificate and per-index store properties, and the SSL
settings, set on a client that already exists: each shows on the wire of
the next exchange.

The independent truth: a CONNECT proxy in this process records the tunnels
it opens, and the simulator records the connections it accepted and the
client certificates TLS clients presented (``GET /sim/records``).
"""

import base64
import datetime
import socket
import threading
from typing import List, Optional, Tuple

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from threeds import Client, ThreeDSError
from threeds.testing import Simulator, pem_to_der

from conftest import make_client
from test_flows import by_ui_type, run_challenge, start


class ConnectProxy:
    """A minimal HTTP CONNECT proxy: records each request head, opens the
    tunnel and relays bytes both ways."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.heads: List[List[str]] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._tunnel, args=(client,), daemon=True).start()

    def _tunnel(self, client: socket.socket) -> None:
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 8192:
            chunk = client.recv(4096)
            if not chunk:
                client.close()
                return
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        with self.lock:
            self.heads.append(lines)
        host, _, port = lines[0].split(" ")[1].rpartition(":")
        upstream = socket.create_connection((host, int(port)), timeout=30)
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        if rest:
            upstream.sendall(rest)

        def pump(src: socket.socket, dst: socket.socket) -> None:
            try:
                while True:
                    chunk = src.recv(65536)
                    if not chunk:
                        break
                    dst.sendall(chunk)
            except OSError:
                pass
            finally:
                try:
                    dst.shutdown(socket.SHUT_WR)
                except OSError:
                    pass

        threading.Thread(target=pump, args=(upstream, client), daemon=True).start()
        pump(client, upstream)

    def close(self) -> None:
        self.listener.close()


def header(head: List[str], name: str) -> Optional[str]:
    for line in head[1:]:
        key, _, value = line.partition(":")
        if key.strip().lower() == name.lower():
            return value.strip()
    return None


def connections(sim: Simulator) -> int:
    count: int = sim.records()["connections"]
    return count


def challenge(sim: Simulator, client: Client) -> int:
    """One challenge transaction; returns how many connections the client
    opened to the simulator for it (the records request opens one too)."""
    client.reset_transaction_info()
    start(sim, client, "challenge-text")
    before = connections(sim)
    run_challenge(client, by_ui_type)
    after = connections(sim)
    assert client.transaction_status == "Y"
    return after - before - 1


def test_proxy_properties_tunnel_the_next_exchange(sim: Simulator) -> None:
    client = make_client(sim)
    assert (client.proxy_server, client.proxy_port, client.proxy_auth_scheme, client.proxy_ssl) == ("", 80, 0, 0)
    proxy = ConnectProxy()
    try:
        assert challenge(sim, client) == 1
        assert proxy.heads == []

        client.proxy_server = "127.0.0.1"
        client.proxy_port = proxy.port
        client.proxy_user = "kiosk"
        client.proxy_password = "s3cret:pw"
        assert challenge(sim, client) == 1
        port = sim.base_url.rsplit(":", 1)[1]
        assert len(proxy.heads) == 1
        assert proxy.heads[0][0] == f"CONNECT 127.0.0.1:{port} HTTP/1.1"
        assert header(proxy.heads[0], "Proxy-Authorization") == "Basic " + base64.b64encode(b"kiosk:s3cret:pw").decode()

        # authNone clears the credentials, as in the reference.
        client.proxy_auth_scheme = 3
        assert (client.proxy_user, client.proxy_password) == ("", "")
        assert challenge(sim, client) == 1
        assert len(proxy.heads) == 2 and header(proxy.heads[1], "Proxy-Authorization") is None

        client.proxy_server = ""
        assert challenge(sim, client) == 1
        assert len(proxy.heads) == 2
    finally:
        proxy.close()


@pytest.mark.parametrize("name,value", [("proxy_auth_scheme", 1), ("proxy_auth_scheme", 4), ("proxy_ssl", 1), ("proxy_ssl", 2), ("proxy_port", 0)])
def test_what_the_std_stack_cannot_do_raises(name: str, value: int) -> None:
    client = Client()
    before = getattr(client, name)
    with pytest.raises(ThreeDSError) as e:
        setattr(client, name, value)
    assert e.value.code == 603 and name in str(e.value)
    assert getattr(client, name) == before


def client_certificate(cn: str) -> Tuple[bytes, bytes, ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A self-signed P-256 client certificate: DER, PEM key + certificate."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return cert.public_bytes(serialization.Encoding.DER), key_pem + cert.public_bytes(serialization.Encoding.PEM), key, cert


def presented(sim: Simulator) -> List[bytes]:
    return [base64.b64decode(c) for c in sim.records()["clientCertificates"]]


def test_client_certificate_from_the_reference_store_types(sim: Simulator) -> None:
    client = make_client(sim)
    assert client.ssl_cert_encoded == b"" and not client.ssl_cert_private_key_available

    # PEM key blob (7), picked by subject.
    der_a, pem_a, _key_a, _cert_a = client_certificate("threeds kiosk A")
    client.ssl_cert_store_type = 7
    client.ssl_cert_store = pem_a
    client.ssl_cert_subject = "kiosk A"
    assert client.ssl_cert_subject == "CN=threeds kiosk A"
    assert client.ssl_cert_encoded == der_a and client.ssl_cert_private_key_available
    assert challenge(sim, client) == 1
    assert presented(sim)[-1] == der_a

    # PKCS#12 blob (3) with a password.
    der_b, _pem_b, key_b, cert_b = client_certificate("threeds kiosk B")
    pfx = pkcs12.serialize_key_and_certificates(
        b"kiosk", key_b, cert_b, None, serialization.BestAvailableEncryption(b"pfx-pw")
    )
    client.ssl_cert_store_type = 3
    client.ssl_cert_store = pfx
    client.ssl_cert_store_password = "pfx-pw"
    client.ssl_cert_subject = "*"
    assert client.ssl_cert_encoded == der_b
    count = len(presented(sim))
    assert challenge(sim, client) == 1
    assert presented(sim)[count:] == [der_b]

    # ssl_cert_encoded: the key is searched in the current store (B's).
    with pytest.raises(ThreeDSError) as e:
        client.ssl_cert_encoded = der_a
    assert e.value.code == 602
    assert client.ssl_cert_encoded == der_b
    with pytest.raises(ThreeDSError) as e:
        client.ssl_cert_store_password = "wrong"
        client.ssl_cert_subject = "*"
    assert e.value.code == 602
    assert client.ssl_cert_encoded == der_b

    # An empty subject removes it: the next connection presents none.
    client.ssl_cert_subject = ""
    assert client.ssl_cert_encoded == b""
    count = len(presented(sim))
    assert challenge(sim, client) == 1
    assert len(presented(sim)) == count


def test_acs_root_from_a_store_per_index(sim: Simulator) -> None:
    client = make_client(sim)
    root = sim.acs_root_cert_encoded
    bundle = sim.tls_ca_pem.encode() + x509.load_der_x509_certificate(root).public_bytes(serialization.Encoding.PEM)
    subject = x509.load_der_x509_certificate(root).subject.rfc4514_string()
    client.acs_root_cert_count = 1
    client.set_acs_root_cert_encoded(0, pem_to_der(sim.tls_ca_pem))  # a wrong root first
    client.set_acs_root_cert_store_type(0, 99)
    client.set_acs_root_cert_store(0, bundle)
    assert client.get_acs_root_cert_store(0) == bundle
    client.set_acs_root_cert_subject(0, subject.split(",")[0])
    assert client.get_acs_root_cert_encoded(0) == root
    # The reference's subject text (most specific first, ", "-separated),
    # as cryptography renders it.
    name = x509.load_der_x509_certificate(root).subject
    assert client.get_acs_root_cert_subject(0) == ", ".join(rdn.rfc4514_string() for rdn in reversed(name.rdns))
    start(sim, client, "challenge-text")
    run_challenge(client, by_ui_type)
    assert client.transaction_status == "Y"
    with pytest.raises(ThreeDSError) as e:
        client.set_acs_root_cert_store(1, bundle)
    assert e.value.code == 606
    with pytest.raises(ThreeDSError) as e:
        client.set_acs_root_cert_subject(0, "CN=nobody")
    assert e.value.code == 602
    assert client.get_acs_root_cert_encoded(0) == root


def test_ssl_settings_change_the_next_handshake(sim: Simulator) -> None:
    client = make_client(sim)
    assert client.config("SSLEnabledProtocols") == "15360"
    client.config("SSLEnabledProtocols=3072")
    assert challenge(sim, client) == 1
    assert client.config("SSLNegotiatedVersion") == "TLS1.2"
    client.config("SSLEnabledProtocols=12288")
    assert challenge(sim, client) == 1
    assert client.config("SSLNegotiatedVersion") == "TLS1.3"
    with pytest.raises(ThreeDSError) as e:
        client.config("SSLEnabledProtocols=0")
    assert e.value.code == 603
    assert client.config("SSLEnabledProtocols") == "12288"
