# Generates certificate/key files in every format the loader accepts and
# writes Python cryptography's view of each certificate to expected.json.
# Run by cert_loading.rs with the output directory as argv[1].
import datetime, json, os, sys, base64
from cryptography import x509
from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa, ec
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12

out = sys.argv[1]
PASSWORD = b"s3cret-pfx"
SHORT = {
    NameOID.COMMON_NAME: "CN", NameOID.ORGANIZATION_NAME: "O",
    NameOID.ORGANIZATIONAL_UNIT_NAME: "OU", NameOID.LOCALITY_NAME: "L",
    NameOID.STATE_OR_PROVINCE_NAME: "S", NameOID.COUNTRY_NAME: "C",
    NameOID.EMAIL_ADDRESS: "E",
}

def name_text(name):
    def quote(v):
        if any(c in v for c in ',+"=;') or v.startswith(" ") or v.endswith(" "):
            return '"' + v.replace('"', '""') + '"'
        return v
    rdns = [" + ".join(f"{SHORT.get(a.oid, a.oid.dotted_string)}={quote(a.value)}" for a in rdn)
            for rdn in name.rdns]
    return ", ".join(reversed(rdns))

def b64u(n, length=None):
    length = length or (n.bit_length() + 7) // 8
    return base64.urlsafe_b64encode(n.to_bytes(length, "big")).rstrip(b"=").decode()

def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)

now = datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
ca_key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
ca_name = x509.Name([
    x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Bank, Inc."),
    x509.NameAttribute(NameOID.COMMON_NAME, "Test Root CA"),
])
ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
      .public_key(ca_key.public_key()).serial_number(0x00BADC0FFEE0DDF00D)
      .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=3650))
      .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
      .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                     key_encipherment=False, data_encipherment=False, key_agreement=False,
                     key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False),
                     critical=True)
      .sign(ca_key, hashes.SHA256()))

leaf_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
leaf_name = x509.Name([
    x509.NameAttribute(NameOID.COUNTRY_NAME, "GB"),
    x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "London"),
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Directory Server"),
    x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "3DS"),
    x509.NameAttribute(NameOID.COMMON_NAME, "ds.example.test"),
    x509.NameAttribute(NameOID.EMAIL_ADDRESS, "ops@example.test"),
])
leaf = (x509.CertificateBuilder().subject_name(leaf_name).issuer_name(ca_name)
        .public_key(leaf_key.public_key()).serial_number(0x8F123456789ABCDEF0123)
        .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=397))
        .add_extension(x509.SubjectAlternativeName([
            x509.DNSName("ds.example.test"), x509.DNSName("ds2.example.test"),
            x509.RFC822Name("ops@example.test"),
            x509.IPAddress(__import__("ipaddress").ip_address("192.0.2.7"))]), critical=False)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False,
                       key_encipherment=True, data_encipherment=False, key_agreement=False,
                       key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False),
                       critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH,
                                              ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256()))

ec_key = ec.generate_private_key(ec.SECP256R1())
ec_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "acs-signing, EC")])
ec_cert = (x509.CertificateBuilder().subject_name(ec_name).issuer_name(ca_name)
           .public_key(ec_key.public_key()).serial_number(7)
           .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=30))
           .sign(ca_key, hashes.SHA256()))

PEM, DER = serialization.Encoding.PEM, serialization.Encoding.DER
SPKI = serialization.PublicFormat.SubjectPublicKeyInfo
write("leaf.pem", leaf.public_bytes(PEM))
write("leaf.der", leaf.public_bytes(DER))
write("leaf.b64", base64.b64encode(leaf.public_bytes(DER)))
write("ca.pem", ca.public_bytes(PEM))
write("ec.pem", ec_cert.public_bytes(PEM))
write("bundle.pem", leaf.public_bytes(PEM) + b"\r\n" + ec_cert.public_bytes(PEM) + ca.public_bytes(PEM))
write("leaf_spki.pem", leaf_key.public_key().public_bytes(PEM, SPKI))
write("leaf_spki.der", leaf_key.public_key().public_bytes(DER, SPKI))
write("ec_spki.der", ec_key.public_key().public_bytes(DER, SPKI))
write("chain.p7b", pkcs7.serialize_certificates([leaf, ca], DER))
write("chain.p7b.pem", pkcs7.serialize_certificates([leaf, ca], PEM))
write("leaf_key.pem", leaf_key.private_bytes(PEM, serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption()) + leaf.public_bytes(PEM)
      + ca.public_bytes(PEM))
write("ec_key_sec1.pem", ec_key.private_bytes(PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                              serialization.NoEncryption()) + ec_cert.public_bytes(PEM))
write("store_aes.p12", pkcs12.serialize_key_and_certificates(
    b"client", leaf_key, leaf, [ca], serialization.BestAvailableEncryption(PASSWORD)))
legacy = (serialization.PrivateFormat.PKCS12.encryption_builder()
          .kdf_rounds(2048)
          .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC)
          .hmac_hash(hashes.SHA1()).build(PASSWORD))
write("store_3des.p12", pkcs12.serialize_key_and_certificates(b"client", leaf_key, leaf, [ca], legacy))
pn = leaf_key.public_key().public_numbers()
write("leaf.jwk", json.dumps({"kty": "RSA", "n": b64u(pn.n), "e": b64u(pn.e), "kid": "ds-1"}).encode())
en = ec_key.public_key().public_numbers()
write("ec.jwks", json.dumps({"keys": [{"kty": "EC", "crv": "P-256", "x": b64u(en.x, 32),
                                       "y": b64u(en.y, 32), "use": "enc"}]}).encode())

def view(cert):
    ext = cert.extensions
    def get(cls):
        try:
            return ext.get_extension_for_class(cls).value
        except x509.ExtensionNotFound:
            return None
    san = get(x509.SubjectAlternativeName)
    ku = get(x509.KeyUsage)
    eku = get(x509.ExtendedKeyUsage)
    usages = []
    if ku is not None:
        for attr, text in [("digital_signature", "Digital Signature"),
                           ("content_commitment", "Non-Repudiation"),
                           ("key_encipherment", "Key Encipherment"),
                           ("data_encipherment", "Data Encipherment"),
                           ("key_agreement", "Key Agreement"),
                           ("key_cert_sign", "Certificate Signing"),
                           ("crl_sign", "CRL Signing")]:
            if getattr(ku, attr):
                usages.append(text)
    serial = format(cert.serial_number, "X")
    if len(serial) % 2:
        serial = "0" + serial
    return {
        "subject": name_text(cert.subject),
        "issuer": name_text(cert.issuer),
        "md5": cert.fingerprint(hashes.MD5()).hex(":"),
        "sha1": cert.fingerprint(hashes.SHA1()).hex(":"),
        "sha256": cert.fingerprint(hashes.SHA256()).hex(":"),
        "serial": serial,
        "key_bits": cert.public_key().key_size,
        "version": "V" + str(cert.version.value + 1),
        "not_before": int(cert.not_valid_before_utc.timestamp()),
        "not_after": int(cert.not_valid_after_utc.timestamp()),
        "effective_date": cert.not_valid_before_utc.strftime("%d-%b-%Y %H:%M:%S"),
        "expiration_date": cert.not_valid_after_utc.strftime("%d-%b-%Y %H:%M:%S"),
        "san": [str(g.value) for g in san] if san is not None else [],
        "usage": ", ".join(usages),
        "eku": ", ".join(o.dotted_string for o in eku) if eku is not None else "",
        "spki_der_hex": cert.public_key().public_bytes(DER, SPKI).hex(),
    }

with open(os.path.join(out, "expected.json"), "w") as f:
    json.dump({"leaf": view(leaf), "ca": view(ca), "ec": view(ec_cert),
               "password": PASSWORD.decode()}, f, indent=1)
