#!/usr/bin/env python3
"""Independent X.509 chain generator for the threeds-core PKI tests.

Usage: pki_peer.py OUT_DIR

Writes OUT_DIR/chains.json: {"now": <unix seconds>, "cases": {name: {"chain": [hex DER, leaf first],
"roots": [hex DER]}}}. Every certificate is made with pyca/cryptography; the few shapes its builder
cannot produce (X.509 v1, SHA-1, tampered bytes) are made by editing the DER it produced and
re-signing with cryptography's raw signing primitives. The Rust test owns the expected outcomes.
"""

import datetime
import json
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

NOW = datetime.datetime(2025, 6, 1, tzinfo=datetime.timezone.utc)
DAY = datetime.timedelta(days=1)

_RSA = {}


def rsa_key(bits=2048, slot=0):
    """RSA keys are slow to make: reuse one per (size, slot)."""
    k = (bits, slot)
    if k not in _RSA:
        _RSA[k] = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    return _RSA[k]


def ec_key(curve=None):
    return ec.generate_private_key(curve or ec.SECP256R1())


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "threeds test"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)


def ku(digital_signature=False, key_cert_sign=False, key_encipherment=False, crl_sign=False):
    return x509.KeyUsage(digital_signature=digital_signature, content_commitment=False,
                         key_encipherment=key_encipherment, data_encipherment=False,
                         key_agreement=False, key_cert_sign=key_cert_sign, crl_sign=crl_sign,
                         encipher_only=False, decipher_only=False)


def cert(subject, key, issuer=None, issuer_key=None, ca=False, path_len=None, basic=True,
         key_usage="default", not_before=None, not_after=None, hash_alg=None, pss=False,
         extra=()):
    """One certificate; issuer None = self-signed root."""
    issuer = issuer or subject
    issuer_key = issuer_key or key
    b = (x509.CertificateBuilder()
         .subject_name(name(subject))
         .issuer_name(name(issuer))
         .public_key(key.public_key())
         .serial_number(x509.random_serial_number())
         .not_valid_before(not_before or NOW - DAY)
         .not_valid_after(not_after or NOW + 365 * DAY))
    if basic:
        b = b.add_extension(x509.BasicConstraints(ca=ca, path_length=path_len), critical=True)
    if key_usage == "default":
        key_usage = ku(key_cert_sign=True, crl_sign=True) if ca else ku(digital_signature=True)
    if key_usage is not None:
        b = b.add_extension(key_usage, critical=True)
    for ext, critical in extra:
        b = b.add_extension(ext, critical=critical)
    if isinstance(issuer_key, ec.EllipticCurvePrivateKey):
        return b.sign(issuer_key, hash_alg or hashes.SHA256())
    return b.sign(issuer_key, hash_alg or hashes.SHA256(), rsa_padding=PSS if pss else None)


def der(c):
    return c.public_bytes(serialization.Encoding.DER)


# ---- minimal DER editing, for shapes the builder refuses to make ----

def tlv_split(data):
    """Splits concatenated TLVs into a list of whole TLV byte strings."""
    out, i = [], 0
    while i < len(data):
        start = i
        i += 1
        length = data[i]
        i += 1
        if length & 0x80:
            n = length & 0x7F
            length = int.from_bytes(data[i:i + n], "big")
            i += n
        i += length
        out.append(data[start:i])
    return out


def tlv_content(tlv):
    length = tlv[1]
    if length & 0x80:
        return tlv[2 + (length & 0x7F):]
    return tlv[2:]


def tlv(tag, content):
    n = len(content)
    if n < 0x80:
        return bytes([tag, n]) + content
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(raw)]) + raw + content


SHA1_RSA = tlv(0x30, bytes.fromhex("06092a864886f70d010105") + b"\x05\x00")


def resign(certificate, issuer_key, edit_tbs, sig_alg=None, hash_alg=None):
    """Re-signs `certificate` after `edit_tbs(list of TBS fields)`; RSA PKCS#1 v1.5 issuers only."""
    outer = tlv_split(tlv_content(der(certificate)))
    tbs_fields = tlv_split(tlv_content(outer[0]))
    alg = sig_alg or outer[1]
    tbs_fields = edit_tbs(tbs_fields, alg)
    tbs = tlv(0x30, b"".join(tbs_fields))
    sig = issuer_key.sign(tbs, padding.PKCS1v15(), hash_alg or hashes.SHA256())
    return tlv(0x30, tbs + alg + tlv(0x03, b"\x00" + sig))


def to_v1(fields, _alg):
    # [0] version first, [3] extensions last.
    assert fields[0][0] == 0xA0 and fields[-1][0] == 0xA3
    return fields[1:-1]


def set_sig_alg(fields, alg):
    fields = list(fields)
    fields[2] = alg  # version, serial, signature
    return fields


def flip_last_byte(data):
    return data[:-1] + bytes([data[-1] ^ 0x01])


def main(out_dir):
    cases = {}

    def add(case, chain, roots):
        cases[case] = {"chain": [c.hex() for c in chain], "roots": [r.hex() for r in roots]}

    # RSA, PKCS#1 v1.5 SHA-256 throughout.
    rk, ik, lk = rsa_key(slot=0), rsa_key(slot=1), rsa_key(slot=2)
    root = cert("Root", rk, ca=True)
    inter = cert("Inter", ik, "Root", rk, ca=True, path_len=0)
    leaf = cert("Leaf", lk, "Inter", ik)
    add("rsa_pkcs1", [der(leaf), der(inter)], [der(root)])
    add("rsa_pkcs1_with_root", [der(leaf), der(inter), der(root)], [der(root)])
    add("rsa_direct", [der(cert("Leaf", lk, "Root", rk))], [der(root)])
    add("rsa_sha384_sha512", [der(cert("Leaf", lk, "Inter", ik, hash_alg=hashes.SHA512())),
                              der(cert("Inter", ik, "Root", rk, ca=True, hash_alg=hashes.SHA384()))],
        [der(root)])

    # RSA-PSS (SHA-256, MGF1-SHA-256, salt 32) throughout.
    proot = cert("Root", rk, ca=True, pss=True)
    pinter = cert("Inter", ik, "Root", rk, ca=True, pss=True)
    pleaf = cert("Leaf", lk, "Inter", ik, pss=True)
    add("rsa_pss", [der(pleaf), der(pinter)], [der(proot)])

    # P-256 / ECDSA-SHA-256 throughout; several leaves so both low and high S occur.
    ek_root, ek_inter = ec_key(), ec_key()
    eroot = cert("EC Root", ek_root, ca=True)
    einter = cert("EC Inter", ek_inter, "EC Root", ek_root, ca=True)
    for i in range(4):
        eleaf = cert("EC Leaf", ec_key(), "EC Inter", ek_inter)
        add(f"p256_{i}", [der(eleaf), der(einter)], [der(eroot)])
    # Mixed: EC leaf under the RSA intermediate.
    add("ec_leaf_rsa_ca", [der(cert("EC Leaf", ec_key(), "Inter", ik)), der(inter)], [der(root)])

    # Longest accepted path: root + 3 intermediates + leaf = 5.
    def ladder(n_inter):
        keys = [rsa_key(slot=10 + i) for i in range(n_inter)]
        chain, issuer, issuer_key = [], "Root", rk
        for i, k in enumerate(keys):
            chain.insert(0, der(cert(f"I{i}", k, issuer, issuer_key, ca=True)))
            issuer, issuer_key = f"I{i}", k
        chain.insert(0, der(cert("Leaf", lk, issuer, issuer_key)))
        return chain

    add("path_of_5", ladder(3), [der(root)])
    six = ladder(4)
    add("path_of_6", six, [der(root)])
    add("path_of_6_with_root", six + [der(root)], [der(root)])

    # Validity.
    add("expired_leaf", [der(cert("Leaf", lk, "Inter", ik, not_before=NOW - 30 * DAY,
                                  not_after=NOW - DAY)), der(inter)], [der(root)])
    add("not_yet_valid_leaf", [der(cert("Leaf", lk, "Inter", ik, not_before=NOW + DAY)), der(inter)],
        [der(root)])
    add("expired_intermediate", [der(leaf), der(cert("Inter", ik, "Root", rk, ca=True,
                                                     not_before=NOW - 30 * DAY,
                                                     not_after=NOW - DAY))], [der(root)])
    add("expired_root", [der(leaf), der(inter)],
        [der(cert("Root", rk, ca=True, not_before=NOW - 30 * DAY, not_after=NOW - DAY))])

    # CA rules.
    add("intermediate_not_ca", [der(leaf), der(cert("Inter", ik, "Root", rk, ca=False,
                                                    key_usage=ku(key_cert_sign=True)))], [der(root)])
    add("intermediate_no_basic_constraints",
        [der(leaf), der(cert("Inter", ik, "Root", rk, basic=False, key_usage=ku(key_cert_sign=True)))],
        [der(root)])
    i1 = cert("I1", ik, "Root", rk, ca=True, path_len=0)
    i2k = rsa_key(slot=3)
    i2 = cert("I2", i2k, "I1", ik, ca=True)
    add("path_len_0_violated", [der(cert("Leaf", lk, "I2", i2k)), der(i2), der(i1)], [der(root)])
    root_pl0 = cert("Root", rk, ca=True, path_len=0)
    add("root_path_len_0_violated", [der(leaf), der(inter)], [der(root_pl0)])
    add("issuer_without_key_cert_sign",
        [der(leaf), der(cert("Inter", ik, "Root", rk, ca=True, key_usage=ku(digital_signature=True)))],
        [der(root)])
    add("leaf_without_digital_signature",
        [der(cert("Leaf", lk, "Inter", ik, key_usage=ku(key_encipherment=True))), der(inter)],
        [der(root)])
    add("leaf_without_key_usage", [der(cert("Leaf", lk, "Inter", ik, key_usage=None)), der(inter)],
        [der(root)])
    add("leaf_is_ca", [der(cert("Leaf", lk, "Inter", ik, ca=True)), der(inter)], [der(root)])
    unknown = x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.4.1.55555.1"), b"\x05\x00")
    add("unknown_critical_extension",
        [der(cert("Leaf", lk, "Inter", ik, extra=[(unknown, True)])), der(inter)], [der(root)])
    add("unknown_noncritical_extension",
        [der(cert("Leaf", lk, "Inter", ik, extra=[(unknown, False)])), der(inter)], [der(root)])
    # extendedKeyUsage on the leaf (read only by the optional leaf EKU policy).
    scheme_purpose = x509.ObjectIdentifier("1.3.6.1.4.1.55555.3.1")
    for case, usages, critical in [
        ("eku_scheme_purpose", [x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH, scheme_purpose], False),
        ("eku_critical_server_auth", [x509.oid.ExtendedKeyUsageOID.SERVER_AUTH], True),
        ("eku_any", [x509.oid.ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE], False),
    ]:
        eku = x509.ExtendedKeyUsage(usages)
        add(case, [der(cert("Leaf", lk, "Inter", ik, extra=[(eku, critical)])), der(inter)],
            [der(root)])
    v1_inter = resign(cert("Inter", ik, "Root", rk, ca=True), rk, to_v1)
    add("v1_ca", [der(leaf), v1_inter], [der(root)])
    add("v1_leaf", [resign(cert("Leaf", lk, "Inter", ik), ik, to_v1), der(inter)], [der(root)])

    # Algorithms and keys.
    add("sha1_signature",
        [resign(leaf, ik, set_sig_alg, sig_alg=SHA1_RSA, hash_alg=hashes.SHA1()), der(inter)],
        [der(root)])
    add("rsa_1024_leaf", [der(cert("Leaf", rsa_key(1024), "Inter", ik)), der(inter)], [der(root)])
    weak_ik = rsa_key(1024, slot=1)
    add("rsa_1024_intermediate",
        [der(cert("Leaf", lk, "Inter", weak_ik)), der(cert("Inter", weak_ik, "Root", rk, ca=True))],
        [der(root)])
    add("p384_leaf", [der(cert("Leaf", ec_key(ec.SECP384R1()), "Inter", ik)), der(inter)], [der(root)])
    add("tampered_signature", [flip_last_byte(der(leaf)), der(inter)], [der(root)])
    stranger_signed = resign(leaf, rsa_key(slot=7), lambda fields, _alg: fields)
    add("signed_by_stranger", [stranger_signed, der(inter)], [der(root)])

    # Roots.
    other_root = cert("Other Root", rsa_key(slot=5), ca=True)
    add("wrong_root", [der(leaf), der(inter)], [der(other_root)])
    add("same_name_wrong_key_root", [der(leaf), der(inter)], [der(cert("Root", rsa_key(slot=5), ca=True))])
    add("two_roots", [der(leaf), der(inter)], [der(other_root), der(root)])
    add("unrooted_self_signed", [der(leaf), der(inter), der(root)], [der(other_root)])

    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "chains.json"), "w", encoding="utf-8") as f:
        json.dump({"now": int(NOW.timestamp()), "cases": cases}, f, indent=1)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: pki_peer.py OUT_DIR")
    main(sys.argv[1])
