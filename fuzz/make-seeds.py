#!/usr/bin/env python3
"""Regenerates fuzz/seeds/<target>/ from tests/vectors/ and hand-made messages.

Standard library only. The `dir` JWE seeds are sealed with the fuzz crate's
SESSION_KEY when the `cryptography` package is importable, otherwise the
EMVCo Example 11/12 CRes JWEs (another key) still give the parser valid shapes.
"""
import base64, hashlib, hmac, json, os, pathlib, shutil, struct

ROOT = pathlib.Path(__file__).resolve().parent.parent
VEC = ROOT / "tests" / "vectors"
OUT = ROOT / "fuzz" / "seeds"
SAMPLES = json.loads((VEC / "emvco-app-crypto-worked-samples.json").read_text())
MSGS = VEC / "3ds-message-samples"
SESSION_KEY = bytes.fromhex("00112233445566778899aabbccddeeff0f1e2d3c4b5a69788796a5b4c3d2e1f0")
SRV, ACS, SDK = ("8a880dc0-d2d2-4067-bcb1-b08d1690b26e", "d7c1ee99-9478-44a6-b1f2-391e29c6b340",
                 "b2385523-a66c-4907-ac3c-91848e8c0067")


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def pem_der(pem):
    return base64.b64decode("".join(l for l in pem.splitlines() if not l.startswith("-----")))


def segs(*parts):
    return b"".join(struct.pack(">H", len(p)) + p for p in parts)


def compact(obj):
    return json.dumps(obj, separators=(",", ":")).encode()


def example(prefix):
    return next(v for k, v in SAMPLES["examples"].items() if k.startswith(prefix))


def seal_dir(enc, plaintext, kid=ACS):
    """RFC 7516 `dir` compact JWE with SESSION_KEY (needs `cryptography`)."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives import padding
    h = b64u(compact({"alg": "dir", "enc": enc, "kid": kid}))
    if enc == "A128GCM":
        iv = bytes(11) + b"\x00"
        ct = AESGCM(SESSION_KEY[:16]).encrypt(iv, plaintext, h.encode())
        return f"{h}..{b64u(iv)}.{b64u(ct[:-16])}.{b64u(ct[-16:])}".encode()
    iv = bytes(range(16))
    p = padding.PKCS7(128).padder()
    data = p.update(plaintext) + p.finalize()
    e = Cipher(algorithms.AES(SESSION_KEY[16:]), modes.CBC(iv)).encryptor()
    ct = e.update(data) + e.finalize()
    aad = h.encode()
    mac = hmac.new(SESSION_KEY[:16], aad + iv + ct + struct.pack(">Q", len(aad) * 8), hashlib.sha256)
    return f"{h}..{b64u(iv)}.{b64u(ct)}.{b64u(mac.digest()[:16])}".encode()


def main():
    certs = {k: pem_der(v) for k, v in SAMPLES["certificates"].items()}
    keys = SAMPLES["keys"]
    cres = (MSGS / "CRes.json").read_bytes()
    html_cres = (MSGS / "HTMLCRes.json").read_bytes()
    ares = (MSGS / "ARes.json").read_bytes()
    erro = (MSGS / "ErrorMessage.json").read_bytes()
    ex11, ex12 = example("Example 11"), example("Example 12")
    jws = [example(p) for p in ("Example 5", "Example 6")]
    jws = [f"{e['expectedJwtHeader']}.{e['expectedPayload']}.{e['expectedSignature']}".encode() for e in jws]
    pub = lambda k: compact({m: v for m, v in keys[k].items() if m not in ("d", "p", "q", "dp", "dq", "qi")})
    hand_cres = compact({"threeDSServerTransID": SRV, "acsTransID": ACS, "sdkTransID": SDK,
                         "messageType": "CRes", "messageVersion": "2.2.0", "acsCounterAtoS": "000",
                         "challengeCompletionInd": "Y", "transStatus": "Y"})
    jwe_cres = [f"{e['expectedJwtHeader']}..{e['expectedVI']}.{e['expectedCiphertext']}.{e['expectedAuthTag']}".encode()
                for e in (ex11, ex12)]
    try:
        jwe_cres += [seal_dir("A128CBC-HS256", cres), seal_dir("A128GCM", hand_cres)]
    except ImportError:
        print("cryptography not importable: only the EMVCo JWE seeds are written")
    cres0 = json.loads(cres)
    cres0["acsCounterAtoS"] = "000"
    final1 = json.loads(hand_cres)
    final1["acsCounterAtoS"] = "001"
    # transaction_cres: mode byte (bit 0 = A128GCM, then version index 1 = 2.2.0), then
    # segments (u16 length, control byte, CRes plaintext).
    txn = [b"\x02" + segs(b"\x00" + compact(cres0), b"\x00" + compact(final1)),
           b"\x03" + segs(b"\x00" + compact(cres0), b"\x02" + compact(final1)),
           b"\x02" + segs(b"\x00" + compact(cres0), b"\x01" + erro),
           b"\x02" + segs(b"\xf0" + compact(cres0))]
    # rsa: control byte (exponent), length byte (1 + b % 128 octets), modulus, value.
    rsa = [b"\x01\x07" + b"\xff" * 8 + b"\x01" * 8, b"\x03\x3f" + b"\x80" * 64 + b"\x7f" * 64,
           b"\x02\x10" + bytes([0x9d] * 17) + bytes(17), b"\x00\x7f" + bytes([0xc3] * 128) + bytes([0xc2] * 128),
           b"\x01\x00" + b"\x03\x02"]
    # Past the caps (json::MAX_MEMBERS = 128 per object, challengeSelectInfo 8/64,
    # MAX_ERRO_BYTES = 32 KiB), so the fuzzer starts at the refusal paths.
    many = {f"x{i}": "v" for i in range(130)}
    ares_many = dict(json.loads(ares), **many)
    ares_nested = dict(json.loads(ares), broadInfo={"message": "m", **many})
    cres22 = dict(cres0, messageVersion="2.2.0", acsUiType="02", challengeInfoLabel="Choose",
                  submitAuthenticationLabel="Next")
    cres_select = [compact(dict(cres22, challengeSelectInfo=[{str(i): "o"} for i in range(n)]))
                   for n in (64, 65)]
    cres_select.append(compact(dict(cres22, messageVersion="2.3.1",
                                    challengeSelectInfo=[{str(i): "o"} for i in range(9)])))
    cres_many = compact(dict(cres0, **many))
    erro_big = compact(dict(json.loads(erro), errorDetail="d" * 2048, pad="p" * (32 * 1024)))
    # tls_record_guard: read size byte, then TLS records (type, version, u16 length, body).
    rec = lambda t, body: bytes([t, 3, 3]) + len(body).to_bytes(2, "big") + body
    tls = [b"\x00" + rec(22, b"\x02" + bytes(40)) + rec(23, bytes(17)),
           b"\x03" + rec(23, bytes(16)),
           b"\x01" + rec(20, b"\x01") + rec(23, bytes(64)) + rec(23, bytes(0)),
           b"\x05" + rec(21, b"\x02\x28") + rec(23, bytes(17))[:7]]
    seeds = {
        "rsa": rsa,
        "tls_record_guard": tls,
        "transaction_cres": txn,
        "client_challenge": txn,
        "base64url": [b64u(bytes(range(32))).encode(), keys["ds_ec_private_jwk"]["x"].encode(),
                      b"", b"AA", b"AAA", b"AAAA", b"_-_-", b"QUJD+/8="],
        "jwk": [pub("ds_ec_private_jwk"), pub("ds_rsa_private_jwk"), pub("sdk_ephemeral_public_jwk_example_7"),
                pub("acs_rsa_signing_private_jwk")],
        "jwe_dir": jwe_cres,
        "jws": jws,
        "x509_chain": [segs(certs["acs_rsa_signing_cert_pem"]), segs(certs["acs_ec_signing_cert_pem"]),
                       segs(certs["acs_rsa_signing_cert_pem"], certs["ds_root_cert_pem"]),
                       segs(certs["ds_root_cert_pem"])],
        "cres_encrypted": [b"\x00" + cres, b"\x01" + html_cres, b"\x10" + hand_cres, b"\x21" + erro],
        "message_cres": [cres, html_cres, hand_cres, erro, cres_many] + cres_select,
        "message_ares": [ares, erro, compact(ares_many), compact(ares_nested)],
        "message_erro": [erro, erro_big],
        "message_acs_signed_payload": [SAMPLES["acs_signed_content_payload"].encode()],
        "message_device_info": [b"C001\x01Android\x01C002\x01HTC One_M8\x01C004\x015.0.1",
                                b"DV\x011.0\x01SW01\x01SW02"],
        "client_config": [b"LogLevel=3\nLogLevel\nMaskSensitive=false\nSDKMaxTimeout=05\nXPath=/json/acsUiType\nXText",
                          b"UseAESGCM=true\nSDKReferenceNumber=3DS_LOA_SDK_TEST\nDeviceRenderingUIType\nXChildName[0]",
                          b"OutgoingRawExtensions=[]\nSdkAuthenticationType=01,02\nAcceptAnyACSCert=1\nSSLCheckCRL=1"],
        "client_xpath": [b"/json/acsUiType\x00/json/challengeSelectInfo/[1]\x00/json/..\x00" + cres,
                         b"/json\x00/json/messageExtension[1]/data\x00/json/*\x00" + ares],
        "http_response": [b"\x07HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
                          b"\x03HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                          b"2\r\n{}\r\n0\r\n\r\n",
                          b"\x00HTTP/1.0 500 Internal Server Error\r\nConnection: close\r\n\r\nboom"],
    }
    for target, items in seeds.items():
        d = OUT / target
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        for item in items:
            (d / hashlib.sha1(item).hexdigest()[:16]).write_bytes(item)
    print("seeds written to", OUT)


if __name__ == "__main__":
    main()
