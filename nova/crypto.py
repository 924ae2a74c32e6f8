"""Key pairs for os-keypairs: generation and fingerprints.

* ssh: an RSA 2048 key; the private key in PEM ("traditional OpenSSL"
  form, which every ssh client reads), the public key in OpenSSH form.  The
  fingerprint is the MD5 of the key blob as colon-separated hex pairs, the
  form ``ssh-keygen -E md5 -l`` prints.
* x509 (microversion 2.2+): a self-signed client certificate for WinRM
  logins, subject ``CN=<user>@localhost``; its fingerprint is the SHA-1 of
  the DER certificate, colon-separated.

Malformed input raises :class:`nova.exception.InvalidKeypair` (a 400).
"""

import base64
import binascii
import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.oid import NameOID
from cryptography.x509.oid import ObjectIdentifier

from nova import exception
from nova.i18n import _

KEY_BITS = 2048
# Microsoft's User Principal Name, the otherName WinRM maps to a user.
_UPN_OID = ObjectIdentifier('1.3.6.1.4.1.311.20.2.3')
_CERT_DAYS = 3650


def _colon_hex(digest):
    raw = binascii.hexlify(digest).decode('ascii')
    return ':'.join(raw[i:i + 2] for i in range(0, len(raw), 2))


def _new_rsa_key(bits=KEY_BITS):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def _private_pem(key):
    return key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.TraditionalOpenSSL,
        encryption_algorithm=serialization.NoEncryption()).decode('ascii')


def generate_fingerprint(public_key):
    """MD5 fingerprint of an OpenSSH public key (``aa:bb:...``)."""
    try:
        if isinstance(public_key, bytes):
            public_key = public_key.decode('utf-8')
        # Parse first: a string that merely looks like base64 is no key.
        serialization.load_ssh_public_key(public_key.strip().encode('utf-8'))
        blob = base64.b64decode(public_key.split()[1])
    except Exception:
        raise exception.InvalidKeypair(
            reason=_('failed to generate fingerprint'))
    digest = hashes.Hash(hashes.MD5())
    digest.update(blob)
    return _colon_hex(digest.finalize())


def generate_x509_fingerprint(pem_cert):
    """SHA-1 fingerprint of a PEM certificate (``aa:bb:...``)."""
    try:
        if isinstance(pem_cert, str):
            pem_cert = pem_cert.encode('utf-8')
        cert = x509.load_pem_x509_certificate(pem_cert)
    except (ValueError, TypeError) as e:
        raise exception.InvalidKeypair(
            reason=_('failed to generate X509 fingerprint. Error message: '
                     '%s') % e)
    return _colon_hex(cert.fingerprint(hashes.SHA1()))


def generate_key_pair(bits=KEY_BITS):
    """A new ssh key pair: (private PEM, OpenSSH public key, fingerprint)."""
    key = _new_rsa_key(bits)
    public = key.public_key().public_bytes(
        encoding=serialization.Encoding.OpenSSH,
        format=serialization.PublicFormat.OpenSSH).decode('ascii')
    public = '%s Generated-by-Nova' % public
    return _private_pem(key), public, generate_fingerprint(public)


def _upn_der(upn):
    """DER of the otherName value: [0] EXPLICIT UTF8String."""
    text = upn.encode('utf-8')
    if len(text) > 125:
        raise exception.InvalidKeypair(reason=_('user id too long'))
    inner = b'\x0c' + bytes([len(text)]) + text
    return b'\xa0' + bytes([len(inner)]) + inner


def generate_winrm_x509_cert(user_id, bits=KEY_BITS):
    """A self-signed client certificate for ``user_id``.

    Returns (private PEM, certificate PEM, SHA-1 fingerprint).
    """
    key = _new_rsa_key(bits)
    upn = '%s@localhost' % user_id
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, upn)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(days=_CERT_DAYS))
        .add_extension(x509.ExtendedKeyUsage(
            [ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(
            [x509.OtherName(_UPN_OID, _upn_der(upn))]), critical=False)
        .sign(key, hashes.SHA256()))
    cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode('ascii')
    return _private_pem(key), cert_pem, generate_x509_fingerprint(cert_pem)
