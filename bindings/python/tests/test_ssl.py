"""The TLS events, the TLS read-outs and settings, and the refused TLS/proxy names.

The independent truth for the certificate read-outs is the simulator's TLS
certificate as Python's ``ssl`` receives it on its own connection, decoded
with ``cryptography``; for ``SSLNegotiated*``, what Python's ``ssl``
negotiates with the same server.
"""

import base64
import hashlib
import os
import socket
import ssl
import urllib.parse
from typing import Dict, List, Tuple, Union

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from threeds import Client, ClientSSLServerAuthenticationEventParams, ThreeDSError
from threeds.testing import Simulator

from conftest import make_client
from test_flows import CHALLENGES, run_challenge, start

Readout = Union[str, int, bytes]

SIGNATURE_ALGORITHMS = {
    "1.2.840.113549.1.1.11": "sha256RSA",
    "1.2.840.113549.1.1.12": "sha384RSA",
    "1.2.840.10045.4.3.2": "sha256ECDSA",
    "1.2.840.10045.4.3.3": "sha384ECDSA",
}

# The reference's key-usage flags and names.
KEY_USAGES = [
    ("digital_signature", 0x80, "Digital Signature"),
    ("content_commitment", 0x40, "Non-Repudiation"),
    ("key_encipherment", 0x20, "Key Encipherment"),
    ("data_encipherment", 0x10, "Data Encipherment"),
    ("key_agreement", 0x08, "Key Agreement"),
    ("key_cert_sign", 0x04, "Certificate Signing"),
    ("crl_sign", 0x02, "CRL Signing"),
]


def presented(sim: Simulator) -> Tuple[bytes, str, str, int]:
    """The simulator's TLS certificate (DER) and the protocol, suite and
    strength Python's own ``ssl`` negotiates with it."""
    url = urllib.parse.urlparse(sim.base_url)
    assert url.hostname is not None and url.port is not None
    context = ssl.create_default_context(cadata=sim.tls_ca_pem)
    with socket.create_connection((url.hostname, url.port), timeout=30) as raw:
        with context.wrap_socket(raw, server_hostname=url.hostname) as tls:
            der = tls.getpeercert(binary_form=True)
            cipher = tls.cipher()
            version = tls.version()
    assert der is not None and cipher is not None and version is not None
    return der, version, cipher[0], cipher[2]


def colon_hex(digest: bytes) -> str:
    return ":".join(f"{b:02x}" for b in digest)


def name_text(name: x509.Name) -> str:
    return ", ".join(rdn.rfc4514_string() for rdn in reversed(name.rdns))


FIELDS = [
    "encoded", "subject", "issuer", "effective_date", "expiration_date", "fingerprint",
    "fingerprint_sha1", "fingerprint_sha256", "thumbprint_md5", "thumbprint_sha1",
    "thumbprint_sha256", "serial_number", "signature_algorithm", "public_key",
    "public_key_algorithm", "public_key_length", "subject_alt_names", "usage", "usage_flags",
    "extended_key_usage", "version",
]


def expected_readouts(der: bytes) -> Dict[str, Readout]:
    """Every ``*_cert_*`` read-out of a certificate, computed from its DER."""
    cert = x509.load_der_x509_certificate(der)
    key = cert.public_key()
    assert isinstance(key, (ec.EllipticCurvePublicKey, rsa.RSAPublicKey))
    serial = f"{cert.serial_number:X}"
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    usages = [(flag, text) for attr, flag, text in KEY_USAGES if getattr(usage, attr)]
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    return {
        "encoded": der,
        "subject": name_text(cert.subject),
        "issuer": name_text(cert.issuer),
        "effective_date": cert.not_valid_before_utc.strftime("%d-%b-%Y %H:%M:%S"),
        "expiration_date": cert.not_valid_after_utc.strftime("%d-%b-%Y %H:%M:%S"),
        "fingerprint": colon_hex(hashlib.md5(der).digest()),
        "fingerprint_sha1": colon_hex(hashlib.sha1(der).digest()),
        "fingerprint_sha256": colon_hex(hashlib.sha256(der).digest()),
        "thumbprint_md5": colon_hex(hashlib.md5(der).digest()),
        "thumbprint_sha1": colon_hex(hashlib.sha1(der).digest()),
        "thumbprint_sha256": colon_hex(hashlib.sha256(der).digest()),
        "serial_number": serial.zfill(len(serial) + len(serial) % 2),
        "signature_algorithm": SIGNATURE_ALGORITHMS[cert.signature_algorithm_oid.dotted_string],
        "public_key": key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode(),
        "public_key_algorithm": "ECDSA" if isinstance(key, ec.EllipticCurvePublicKey) else "RSA",
        "public_key_length": key.key_size,
        "subject_alt_names": ", ".join(str(n.value) for n in san),
        "usage": ", ".join(text for _flag, text in usages),
        "usage_flags": sum(flag for flag, _text in usages),
        "extended_key_usage": ", ".join(oid.dotted_string for oid in eku),
        "version": f"V{cert.version.value + 1}",
    }


def readouts(client: Client, prefix: str) -> Dict[str, Readout]:
    """The client's ``<prefix><field>`` properties, by field."""
    values: Dict[str, Readout] = {}
    for field in FIELDS:
        value = getattr(client, prefix + field)
        assert isinstance(value, (str, int, bytes))
        values[field] = value
    return values


EMPTY: Dict[str, Readout] = {
    f: b"" if f == "encoded" else 0 if f in ("public_key_length", "usage_flags") else "" for f in FIELDS
}


def test_tls_events_fire_once_per_handshake(sim: Simulator) -> None:
    der, _version, _suite, _bits = presented(sim)
    subject = name_text(x509.load_der_x509_certificate(der).subject)
    client = make_client(sim, "2.2.0")
    seen: List[ClientSSLServerAuthenticationEventParams] = []
    client.on_ssl_server_authentication = seen.append
    statuses: List[str] = []
    client.on_ssl_status = lambda e: statuses.append(e.message)
    start(sim, client, "challenge-two-rounds")
    sent = run_challenge(client, CHALLENGES["challenge-two-rounds"][2])
    record = sim.transaction(client.sdk_transaction_id)
    assert sent == len(record["creqs"]) >= 2 and record["outcome"] == "Y"
    # At most one handshake per CReq (a kept-alive connection has none), at
    # least one; each is exactly one verdict and one start/verdict/end
    # status sequence (an event fired by both the transport and the facade
    # shows up twice here).
    assert 1 <= len(seen) <= sent
    for event in seen:
        assert (event.cert_encoded, event.cert_subject, event.status, event.accept) == (der, subject, "OK", True)
        assert event.cert_issuer == name_text(x509.load_der_x509_certificate(der).issuer)
    negotiated = f"{client.config('SSLNegotiatedVersion')} {client.config('SSLNegotiatedCipherSuite')}"
    handshake = [
        "starting the TLS handshake with 127.0.0.1",
        f"server certificate accepted: {subject} (OK)",
        f"TLS handshake complete: {negotiated}",
    ]
    assert statuses == handshake * len(seen)


def test_refusing_the_server_fails_the_exchange(sim: Simulator) -> None:
    client = make_client(sim)
    verdicts: List[Tuple[str, bool]] = []

    def refuse(e: ClientSSLServerAuthenticationEventParams) -> None:
        verdicts.append((e.status, e.accept))
        e.accept = False

    client.on_ssl_server_authentication = refuse
    start(sim, client, "challenge-text")
    with pytest.raises(ThreeDSError) as e:
        client.send_challenge_request()
    assert verdicts == [("OK", True)]
    assert e.value.code == 151, e.value
    assert sim.transaction(client.sdk_transaction_id)["creqs"] == []


def test_accepting_an_untrusted_server(sim: Simulator) -> None:
    client = make_client(sim)
    client.config("SSLServerCACerts=")  # back to the system roots only
    verdicts: List[Tuple[str, bool]] = []

    def accept(e: ClientSSLServerAuthenticationEventParams) -> None:
        verdicts.append((e.status, e.accept))
        e.accept = True

    client.on_ssl_server_authentication = accept
    start(sim, client, "challenge-text")
    client.send_challenge_request()
    assert client.acsui_type == 1
    assert len(verdicts) == 1 and verdicts[0][0] != "OK" and verdicts[0][1] is False
    assert len(sim.transaction(client.sdk_transaction_id)["creqs"]) == 1


def test_server_cert_readouts_equal_the_presented_certificate(sim: Simulator) -> None:
    der, _version, _suite, _bits = presented(sim)
    client = make_client(sim)
    assert readouts(client, "ssl_server_cert_") == EMPTY  # no handshake yet
    start(sim, client, "challenge-text")
    client.send_challenge_request()
    assert readouts(client, "ssl_server_cert_") == expected_readouts(der)
    # The accepted-certificate read-outs stay empty: none was set.
    assert readouts(client, "ssl_accept_server_cert_") == EMPTY


def test_negotiated_session_equals_what_python_negotiates(sim: Simulator) -> None:
    _der, version, suite, bits = presented(sim)
    client = make_client(sim)
    with pytest.raises(ThreeDSError):
        client.config("SSLNegotiatedVersion")  # no handshake yet
    start(sim, client, "challenge-text")
    client.send_challenge_request()
    # Python spells `TLSv1.3` and `TLS_AES_256_GCM_SHA384`; the reference
    # `TLS1.3` and (rustls) `TLS13_AES_256_GCM_SHA384`.
    assert client.config("SSLNegotiatedVersion") == version.replace("TLSv", "TLS")
    expected_suite = suite.replace("TLS_", "TLS13_", 1) if version == "TLSv1.3" else suite
    assert client.config("SSLNegotiatedCipherSuite") == expected_suite
    assert client.config("SSLNegotiatedCipherStrength") == str(bits)
    # Python does not show the group; both sides prefer X25519.
    assert client.config("SSLNegotiatedKeyExchange") == "X25519"


@pytest.mark.parametrize("form", ["der", "pem", "base64"])
def test_accept_server_cert_trusts_exactly_that_certificate(sim: Simulator, form: str) -> None:
    der, _version, _suite, _bits = presented(sim)
    value = {
        "der": der,
        "pem": ssl.DER_cert_to_PEM_cert(der).encode(),
        "base64": base64.b64encode(der),
    }[form]
    client = make_client(sim)
    client.config("SSLServerCACerts=")  # the simulator's CA is not trusted
    client.ssl_accept_server_cert_encoded = value
    # Rebuilding the transport for another CA list keeps the accepted certificate.
    client.config("SSLServerCACerts=")
    assert readouts(client, "ssl_accept_server_cert_") == expected_readouts(der)
    verdicts: List[Tuple[str, bool]] = []
    client.on_ssl_server_authentication = lambda e: verdicts.append((e.status, e.accept))
    start(sim, client, "challenge-text")
    client.send_challenge_request()
    assert client.acsui_type == 1
    # Chain validation failed; the pinned certificate accepted the server.
    assert len(verdicts) == 1 and verdicts[0][0] != "OK" and verdicts[0][1] is True
    assert len(sim.transaction(client.sdk_transaction_id)["creqs"]) == 1


def test_removing_the_accepted_cert_refuses_the_server_again(sim: Simulator) -> None:
    der, _version, _suite, _bits = presented(sim)
    client = make_client(sim)
    client.config("SSLServerCACerts=")
    client.ssl_accept_server_cert_encoded = der
    client.ssl_accept_server_cert_encoded = b""
    assert readouts(client, "ssl_accept_server_cert_") == EMPTY
    start(sim, client, "challenge-text")
    with pytest.raises(ThreeDSError):
        client.send_challenge_request()
    assert sim.transaction(client.sdk_transaction_id)["creqs"] == []


def test_reset_forgets_the_accepted_cert(sim: Simulator) -> None:
    der, _version, _suite, _bits = presented(sim)
    client = make_client(sim)
    client.ssl_accept_server_cert_encoded = der
    client.reset()
    assert readouts(client, "ssl_accept_server_cert_") == EMPTY


@pytest.mark.parametrize("value", [b"not a certificate", b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", b"\x30\x03\x02\x01\x01"])
def test_bad_accept_server_cert_is_refused(value: bytes) -> None:
    client = Client()
    with pytest.raises(ThreeDSError) as e:
        client.ssl_accept_server_cert_encoded = value
    assert e.value.code == 602
    assert client.ssl_accept_server_cert_encoded == b""


def test_bad_ca_certificate_is_refused() -> None:
    from threeds import Client

    with pytest.raises(ThreeDSError) as e:
        Client().config("SSLServerCACerts=-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    assert e.value.code == 602


def test_server_ca_certs_reads_back(sim: Simulator) -> None:
    client = make_client(sim)
    assert client.config("SSLServerCACerts") == sim.tls_ca_pem


@pytest.mark.parametrize("name", ["ssl_cert_private_key", "ssl_server_cert_private_key", "ssl_server_cert_store"])
def test_tls_and_proxy_names_raise_with_reason(name: str) -> None:
    from threeds import Client

    with pytest.raises(ThreeDSError) as e:
        getattr(Client(), name)
    assert e.value.code == 603 and "not available" in str(e.value)


@pytest.mark.parametrize("store_type,form", [(9, "pem"), (9, "der"), (99, "pem"), (8, "file")])
def test_accept_server_cert_from_a_store(sim: Simulator, tmp_path: "os.PathLike[str]", store_type: int, form: str) -> None:
    der, _version, _suite, _bits = presented(sim)
    pem = ssl.DER_cert_to_PEM_cert(der).encode()
    client = make_client(sim)
    client.config("SSLServerCACerts=")
    assert client.ssl_accept_server_cert_store_type == 99  # auto-detected by default
    if form == "file":
        path = os.path.join(os.fspath(tmp_path), "acs-tls.pem")
        with open(path, "wb") as f:
            f.write(pem)
        client.ssl_accept_server_cert_store = path.encode()
    else:
        client.ssl_accept_server_cert_store = pem if form == "pem" else der
    client.ssl_accept_server_cert_store_type = store_type
    client.ssl_accept_server_cert_subject = "*"
    assert readouts(client, "ssl_accept_server_cert_") == expected_readouts(der)
    start(sim, client, "challenge-text")
    client.send_challenge_request()
    assert client.acsui_type == 1
    assert len(sim.transaction(client.sdk_transaction_id)["creqs"]) == 1


def test_store_errors_are_602_and_keep_the_state(sim: Simulator) -> None:
    der, _version, _suite, _bits = presented(sim)
    client = Client()
    client.ssl_accept_server_cert_store = ssl.DER_cert_to_PEM_cert(der).encode()
    client.ssl_accept_server_cert_store_password = "pin"
    assert client.ssl_accept_server_cert_store_password == "pin"
    client.ssl_accept_server_cert_store_type = 0  # a Windows user store
    with pytest.raises(ThreeDSError) as e:
        client.ssl_accept_server_cert_subject = "*"
    assert e.value.code == 602
    client.ssl_accept_server_cert_store_type = 9
    with pytest.raises(ThreeDSError) as e:
        client.ssl_accept_server_cert_subject = "CN=nobody"
    assert e.value.code == 602
    assert client.ssl_accept_server_cert_encoded == b""
    client.ssl_accept_server_cert_subject = "CN=localhost"
    assert client.ssl_accept_server_cert_encoded == der
    client.reset()
    assert (client.ssl_accept_server_cert_store, client.ssl_accept_server_cert_store_type) == (b"", 99)
    assert client.ssl_accept_server_cert_store_password == ""


@pytest.mark.parametrize("kind", ["rsa", "ec"])
def test_directory_server_cert_from_a_store(sim: Simulator, kind: str) -> None:
    # Configured with the other kind's certificate; the store replaces it.
    client = make_client(sim, kind="ec" if kind == "rsa" else "rsa")
    expected = sim.ds_cert_encoded(kind)
    client.directory_server_cert_store = ssl.DER_cert_to_PEM_cert(expected).encode()
    client.directory_server_cert_store_type = 9
    client.directory_server_cert_subject = "*"
    assert client.directory_server_cert_encoded == expected
    # One subject text for the core's and the TLS read-outs: the
    # reference's, a space after each comma.
    assert client.directory_server_cert_subject == name_text(x509.load_der_x509_certificate(expected).subject)
    # The device information reaches the DS encrypted to that certificate's key.
    start(sim, client, "frictionless-y")
    record = sim.transaction(client.sdk_transaction_id)
    assert record["violations"] == [] and client.transaction_status == "Y"
    assert record["deviceInfoAlg"][0].startswith("ECDH-ES" if kind == "ec" else "RSA-OAEP")
