"""
C{txredisd-gen-certs DIR [--dh] [--days N]}: a throwaway certificate authority and
certificates for trying TLS and mutual TLS locally, laid out like the files
Redis's test suite uses:

    ca.crt ca.key            the root CA (tls-ca-cert-file)
    ca-dir/<hash>.0          the CA again, found by subject hash (tls-ca-cert-dir)
    redis.crt redis.key      server and client certificate for localhost
    server.crt server.key    server-only certificate for localhost
    client.crt client.key    client-only certificate, CN=client
    redis.dh                 with --dh: DH parameters (RFC 3526 group 14)

Never use these outside tests: the keys are unencrypted and the CA is not
constrained to any name.
"""

from __future__ import annotations

import argparse
import datetime
import ipaddress
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from OpenSSL import crypto

ORGANIZATION = "Redis Test"
KEY_SIZE = 2048

# RFC 3526 section 3, the 2048-bit MODP group (generator 2) in PKCS#3 PEM: a
# published constant, so --dh costs nothing, where generating fresh parameters
# takes minutes (check it with "openssl dhparam -in redis.dh -text").
_RFC3526_GROUP14_PEM = b"""\
-----BEGIN DH PARAMETERS-----
MIIBCAKCAQEA///////////JD9qiIWjCNMTGYouA3BzRKQJOCIpnzHQCC76mOxOb
IlFKCHmONATd75UZs806QxswKwpt8l8UN0/hNW1tUcJF5IW1dmJefsb0TELppjft
awv/XLb0Brft7jhr+1qJn6WunyQRfEsf5kkoZlHs5Fs9wgB8uKFjvwWY2kg2HFXT
mmkWP6j9JM9fg2VdI9yjrZYcYvNWIIVSu57VKQdwlpZtZww1Tkq8mATxdGwIyhgh
fDKQXkYuNs474553LBgOhgObJ4Oi7Aeij7XFXfBvTFLJ3ivL9pVYFxg5lUl86pVq
5RXSJhiY+gUQFXKOWoqsqmj//////////wIBAg==
-----END DH PARAMETERS-----
"""

_LOCALHOST = ("localhost", "127.0.0.1", "::1")
_BOTH = (ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH)


@dataclass(frozen=True)
class Issued:
    """A certificate and its private key, in memory."""

    cert: x509.Certificate
    key: rsa.RSAPrivateKey


@dataclass(frozen=True)
class CertFiles:
    """Where L{generate} wrote everything (C{dh} is None without C{dh=True})."""

    directory: Path
    ca_cert: Path
    ca_key: Path
    ca_dir: Path
    cert: Path
    key: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path
    dh: Path | None


def _name(common_name: str, organization: str = ORGANIZATION) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _validity(days: int, not_before: datetime.datetime | None) -> tuple[datetime.datetime, datetime.datetime]:
    # Backdate a little so a clock that lags the issuer's still accepts it.
    start = not_before or datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)
    return start, start + datetime.timedelta(days=days)


def make_ca(
    common_name: str = "Certificate Authority", *, days: int = 3650, organization: str = ORGANIZATION
) -> Issued:
    """A self-signed root CA."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    name = _name(common_name, organization)
    start, end = _validity(days, None)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(cert, key)


def _san(names: tuple[str, ...]) -> x509.SubjectAlternativeName:
    entries: list[x509.GeneralName] = []
    for name in names:
        try:
            entries.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            entries.append(x509.DNSName(name))
    return x509.SubjectAlternativeName(entries)


def issue(
    ca: Issued,
    common_name: str,
    *,
    usages: tuple[x509.ObjectIdentifier, ...] = _BOTH,
    names: tuple[str, ...] = _LOCALHOST,
    days: int = 365,
    not_before: datetime.datetime | None = None,
) -> Issued:
    """
    A leaf certificate signed by C{ca}. C{names} become subjectAltNames (clients
    that check hostnames ignore the CN); C{not_before} in the past with a small
    C{days} makes an expired certificate.
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    start, end = _validity(days, not_before)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage(list(usages)), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
    )
    if names:
        builder = builder.add_extension(_san(names), critical=False)
    return Issued(builder.sign(ca.key, hashes.SHA256()), key)


def write_pair(directory: Path, stem: str, issued: Issued, password: str = "") -> tuple[Path, Path]:
    """Write C{stem}.crt and C{stem}.key (owner-only, encrypted if C{password})."""
    cert_path, key_path = directory / f"{stem}.crt", directory / f"{stem}.key"
    cert_path.write_bytes(issued.cert.public_bytes(serialization.Encoding.PEM))
    encryption = serialization.BestAvailableEncryption(password.encode()) if password else serialization.NoEncryption()
    key_bytes = issued.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(key_bytes)
    return cert_path, key_path


def subject_hash_name(cert: x509.Certificate) -> str:
    """The file name OpenSSL looks up in a CA directory (what C{openssl x509 -hash} prints)."""
    return f"{crypto.X509.from_cryptography(cert).subject_name_hash():08x}.0"


def write_ca_dir(directory: Path, ca_cert_path: Path, cert: x509.Certificate) -> Path:
    """A C{tls-ca-cert-dir} holding the CA under its subject-hash name."""
    directory.mkdir(parents=True, exist_ok=True)
    link = directory / subject_hash_name(cert)
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(os.path.relpath(ca_cert_path, directory))
    return directory


def write_dh_params(path: Path) -> Path:
    """RFC 3526 group 14 as PKCS#3 PEM, the format C{tls-dh-params-file} expects."""
    path.write_bytes(_RFC3526_GROUP14_PEM)
    return path


def generate(directory: str | os.PathLike, *, dh: bool = False, days: int = 365) -> CertFiles:
    """Write a CA, the three certificates, the CA directory and (optionally) DH parameters."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    ca = make_ca(days=max(3650, days))
    ca_cert, ca_key = write_pair(out, "ca", ca)
    cert, key = write_pair(out, "redis", issue(ca, "redis", days=days))
    server_cert, server_key = write_pair(
        out, "server", issue(ca, "server", usages=(ExtendedKeyUsageOID.SERVER_AUTH,), days=days)
    )
    client_cert, client_key = write_pair(
        out, "client", issue(ca, "client", usages=(ExtendedKeyUsageOID.CLIENT_AUTH,), names=(), days=days)
    )
    return CertFiles(
        directory=out,
        ca_cert=ca_cert,
        ca_key=ca_key,
        ca_dir=write_ca_dir(out / "ca-dir", ca_cert, ca.cert),
        cert=cert,
        key=key,
        server_cert=server_cert,
        server_key=server_key,
        client_cert=client_cert,
        client_key=client_key,
        dh=write_dh_params(out / "redis.dh") if dh else None,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="txredisd-gen-certs",
        description="Write a throwaway CA and TLS certificates for testing txredisd (or Redis).",
    )
    parser.add_argument("directory", help="where to write the files (created if missing)")
    parser.add_argument("--dh", action="store_true", help="also write redis.dh (RFC 3526 group 14)")
    parser.add_argument("--days", type=int, default=365, help="validity of the leaf certificates (default 365)")
    args = parser.parse_args(argv)
    if args.days < 1:
        parser.error("--days must be at least 1")
    files = generate(args.directory, dh=args.dh, days=args.days)
    sys.stdout.write(f"Certificates written to {files.directory}\n")
    sys.stdout.write(
        f"  txredisd --tls-port 6380 --port 0 --tls-cert-file {files.cert} "
        f"--tls-key-file {files.key} --tls-ca-cert-file {files.ca_cert}\n"
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
