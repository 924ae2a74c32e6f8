"""nova.crypto: key generation and fingerprints.

The expected fingerprints of the fixed keys below were computed with
OpenSSH (``ssh-keygen -l -E md5``) and OpenSSL (``openssl x509
-fingerprint -sha1``), not with the code under test.
"""

from cryptography import x509
from cryptography.hazmat.primitives import serialization
import pytest

from nova import crypto
from nova import exception

SSH_PUBLIC = ('ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDjeOPIaNFtHgE8tcnel5XhfbbrUYbJOw7WS33t1US1y4WPVKjeN1hTmL1VwVkQZM/lAtJ9FpCPIhSH9SAQzwpJ4ILUGQhYQVKQfWX1BcwQNhUve0hvFqcAgtb8QhprYToNyeidXJ+CxEWhmeWNCTUXjTloSECJ73xHKUKE537euQ== test')
SSH_MD5 = 'e6:35:dd:26:6a:09:d6:d6:60:a0:f5:6d:3a:26:b0:45'

CERT = """-----BEGIN CERTIFICATE-----
MIIB9DCCAV2gAwIBAgIUI2yDva2+1nfQ/YTcipRtUx36VfMwDQYJKoZIhvcNAQEL
BQAwDDEKMAgGA1UEAwwBdDAeFw0yNjExMjMxNTU5MTdaFw0yNjEyMjMxNTU5MTda
MAwxCjAIBgNVBAMMAXQwgZ8wDQYJKoZIhvcNAQEBBQADgY0AMIGJAoGBANC7z7O5
L4G0IhRye4VVObINbjSqq+KvHXggC8q+5GHwVhZgN8uzNDPQX78py+m8QNjFSwYY
sM9TeN1yxe/rkx8LzeGu3rpp8xgGIbHACAXnwAwJtexrNW/SyeNB6hBuyGBEowuC
4ZYVEW9fyvisbGVe6fxnublA6jIOhJqofjUxAgMBAAGjUzBRMB0GA1UdDgQWBBR0
YW7VQvhnVpgaGWYvS04ZkoA5PjAfBgNVHSMEGDAWgBR0YW7VQvhnVpgaGWYvS04Z
koA5PjAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUAA4GBAMLUhTi3DNEk
nCmbdZqdT+urvDVPyK8UOjgqhVZO6cfwOr1uA/5YIYjKdGocjtOWb2zCUwyUXpve
E2Ah0s6Vjbs3ELh8IHq/kVu6nAcUuTgqnwfReUe0rgaLbH9+uEkQXhZGvOeWQ/1w
pWPosf5buCh3ZNLkWV7mINYsE/MZvqum
-----END CERTIFICATE-----
"""
CERT_SHA1 = 'c0:b1:bc:25:54:44:f4:d9:3d:07:f1:ed:41:c0:15:94:6a:22:ea:65'


def test_ssh_fingerprint_matches_ssh_keygen():
    assert crypto.generate_fingerprint(SSH_PUBLIC) == SSH_MD5


def test_ssh_fingerprint_ignores_comment():
    key = ' '.join(SSH_PUBLIC.split()[:2])
    assert crypto.generate_fingerprint(key) == SSH_MD5


@pytest.mark.parametrize('bad', [
    'ssh-rsa not-a-key', 'garbage', '', 'ssh-rsa',
    SSH_PUBLIC.replace('AAAAB3', 'AAAAB4'),
])
def test_bad_ssh_keys(bad):
    with pytest.raises(exception.InvalidKeypair) as e:
        crypto.generate_fingerprint(bad)
    assert e.value.code == 400
    assert 'failed to generate fingerprint' in str(e.value)


def test_x509_fingerprint_matches_openssl():
    assert crypto.generate_x509_fingerprint(CERT) == CERT_SHA1


def test_bad_certificate():
    with pytest.raises(exception.InvalidKeypair) as e:
        crypto.generate_x509_fingerprint(SSH_PUBLIC)
    assert 'failed to generate X509 fingerprint' in str(e.value)


def test_generated_ssh_pair_is_consistent():
    private, public, fingerprint = crypto.generate_key_pair()
    assert public.startswith('ssh-rsa ')
    assert public.endswith(' Generated-by-Nova')
    key = serialization.load_pem_private_key(private.encode(), None)
    assert key.key_size == 2048
    derived = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH,
        serialization.PublicFormat.OpenSSH).decode()
    assert public.split()[:2] == derived.split()
    assert fingerprint == crypto.generate_fingerprint(public)
    assert private.startswith('-----BEGIN RSA PRIVATE KEY-----')


def test_generated_certificate():
    private, cert_pem, fingerprint = crypto.generate_winrm_x509_cert('bob')
    cert = x509.load_pem_x509_certificate(cert_pem.encode())
    cn = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    assert cn[0].value == 'bob@localhost'
    assert cert.issuer == cert.subject
    usage = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert x509.ExtendedKeyUsageOID.CLIENT_AUTH in usage.value
    key = serialization.load_pem_private_key(private.encode(), None)
    assert key.public_key().public_numbers() == (
        cert.public_key().public_numbers())
    assert fingerprint == crypto.generate_x509_fingerprint(cert_pem)
