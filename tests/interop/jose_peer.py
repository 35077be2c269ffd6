#!/usr/bin/env python3
"""Independent JOSE peer for the threeds interop tests.

Reads one JSON request on stdin, writes one JSON response on stdout.
Commands:
  keys     -> fresh DS keys: {"rsa_private_jwk": {...}, "ec_private_jwk": {...}}
  decrypt  -> {"jwe", "kind": "rsa"|"ecdh"|"dir", "jwk" | "key_b64u", "ds_id"}
              => {"plaintext_b64u", "header"}
  sign     -> {"alg": "PS256"|"ES256", "payload_b64u"}
              => {"jws", "intermediate_der_b64u"}

RSA-OAEP-256 and dir use jwcrypto; ECDH-ES uses the EMV Concat KDF, which
jwcrypto does not implement, built from `cryptography` primitives.
"""
import base64
import datetime
import hashlib
import hmac
import json
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import NameOID
from jwcrypto import jwe, jwk, jws


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64u(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def keys(_req):
    rsa_key = jwk.JWK.generate(kty="RSA", size=2048)
    ec_key = jwk.JWK.generate(kty="EC", crv="P-256")
    return {
        "rsa_private_jwk": json.loads(rsa_key.export_private()),
        "ec_private_jwk": json.loads(ec_key.export_private()),
    }


def emv_kdf(z: bytes, v: bytes) -> bytes:
    return hashlib.sha256(
        b"\x00\x00\x00\x01" + z + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"
        + len(v).to_bytes(4, "big") + v + b"\x00\x00\x01\x00"
    ).digest()


def decrypt_ecdh(req):
    token = req["jwe"]
    h64, ek64, iv64, ct64, tag64 = token.split(".")
    header = json.loads(unb64u(h64))
    assert header["alg"] == "ECDH-ES", header
    assert ek64 == "", "ECDH-ES must have an empty encrypted key"
    priv = jwk.JWK(**req["jwk"]).get_op_key("unwrapKey")
    epk = header["epk"]
    assert set(epk) == {"kty", "crv", "x", "y"}, epk
    peer = ec.EllipticCurvePublicNumbers(
        int.from_bytes(unb64u(epk["x"]), "big"),
        int.from_bytes(unb64u(epk["y"]), "big"),
        ec.SECP256R1(),
    ).public_key()
    z = priv.exchange(ec.ECDH(), peer)
    key = emv_kdf(z, req["ds_id"].encode())
    iv, ct, tag = unb64u(iv64), unb64u(ct64), unb64u(tag64)
    aad = h64.encode()
    if header["enc"] == "A128GCM":
        pt = AESGCM(key[:16]).decrypt(iv, ct + tag, aad)
    elif header["enc"] == "A128CBC-HS256":
        al = (len(aad) * 8).to_bytes(8, "big")
        mac = hmac.new(key[:16], aad + iv + ct + al, hashlib.sha256).digest()[:16]
        assert hmac.compare_digest(mac, tag), "tag mismatch"
        dec = Cipher(algorithms.AES(key[16:]), modes.CBC(iv)).decryptor()
        padded = dec.update(ct) + dec.finalize()
        n = padded[-1]
        assert 1 <= n <= 16 and padded[-n:] == bytes([n]) * n, "bad padding"
        pt = padded[:-n]
    else:
        raise ValueError(header["enc"])
    return {"plaintext_b64u": b64u(pt), "header": header}


def decrypt(req):
    if req["kind"] == "ecdh":
        return decrypt_ecdh(req)
    if req["kind"] == "rsa":
        key = jwk.JWK(**req["jwk"])
    else:
        key = jwk.JWK(kty="oct", k=req["key_b64u"])
    token = jwe.JWE()
    token.deserialize(req["jwe"], key=key)
    return {"plaintext_b64u": b64u(token.payload), "header": json.loads(token.objects["protected"])}


def _name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(subject_key, subject, issuer_key, issuer, ca):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(subject_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    return builder.sign(issuer_key, hashes.SHA256())


def sign(req):
    alg = req["alg"]
    root_key = ec.generate_private_key(ec.SECP256R1())
    inter_key = ec.generate_private_key(ec.SECP256R1())
    if alg == "PS256":
        leaf_key = rsa.generate_private_key(public_exponent=65537, key_size=req.get("bits", 2048))
    else:
        leaf_key = ec.generate_private_key(ec.SECP256R1())
    root = _cert(root_key, "Peer Root", root_key, "Peer Root", True)
    inter = _cert(inter_key, "Peer Intermediate", root_key, "Peer Root", True)
    leaf = _cert(leaf_key, "Peer ACS", inter_key, "Peer Intermediate", False)
    der = lambda c: c.public_bytes(serialization.Encoding.DER)
    x5c = [base64.b64encode(der(c)).decode() for c in (leaf, inter, root)]
    pem = leaf_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    key = jwk.JWK.from_pem(pem)
    token = jws.JWS(unb64u(req["payload_b64u"]))
    token.add_signature(key, alg=alg, protected=json.dumps({"alg": alg, "x5c": x5c}))
    return {"jws": token.serialize(compact=True), "intermediate_der_b64u": b64u(der(inter))}


def main():
    req = json.load(sys.stdin)
    handler = {"keys": keys, "decrypt": decrypt, "sign": sign}[req["cmd"]]
    json.dump(handler(req), sys.stdout)


if __name__ == "__main__":
    main()
