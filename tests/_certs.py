"""
Certificates for TLS tests, generated once per test process into a private
temporary directory (each RSA key costs tens of milliseconds, so share them).

    certs = shared_certs()
    certs.base.ca_cert, certs.base.client_cert, certs.expired_cert ...
"""

from __future__ import annotations

import atexit
import datetime
import functools
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from cryptography.x509.oid import ExtendedKeyUsageOID

from txredisd.cli.gen_certs import (
    CertFiles,
    Issued,
    generate,
    issue,
    make_ca,
    write_pair,
)

KEY_PASSWORD = "s3cret pass"
_CLIENT_ONLY = (ExtendedKeyUsageOID.CLIENT_AUTH,)


@dataclass(frozen=True)
class CertSet:
    """
    What C{txredisd-gen-certs} writes (C{base}), plus the odd ones tests need:
    a client certificate from another CA, an expired client certificate, a
    second server certificate for reloads, and the server key encrypted with
    L{KEY_PASSWORD}.
    """

    base: CertFiles
    other_ca_cert: Path
    other_client_cert: Path
    other_client_key: Path
    expired_cert: Path
    expired_key: Path
    reloaded_cert: Path
    reloaded_key: Path
    encrypted_key: Path


def _load(cert_path: Path, key_path: Path) -> Issued:
    return Issued(
        x509.load_pem_x509_certificate(cert_path.read_bytes()),
        load_pem_private_key(key_path.read_bytes(), None),
    )


def _make(directory: Path) -> CertSet:
    base = generate(directory, dh=True)
    ours = _load(base.ca_cert, base.ca_key)
    other = make_ca("Other Authority", organization="Elsewhere")
    other_ca_cert, _ = write_pair(directory, "other-ca", other)
    other_client_cert, other_client_key = write_pair(
        directory, "other-client", issue(other, "client", usages=_CLIENT_ONLY, names=())
    )
    month_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=30)
    expired_cert, expired_key = write_pair(
        directory, "expired", issue(ours, "expired", usages=_CLIENT_ONLY, names=(), days=1, not_before=month_ago)
    )
    reloaded_cert, reloaded_key = write_pair(directory, "reloaded", issue(ours, "reloaded"))
    encrypted = directory / "encrypted"
    encrypted.mkdir()
    _, encrypted_key = write_pair(encrypted, "redis", _load(base.cert, base.key), password=KEY_PASSWORD)
    return CertSet(
        base=base,
        other_ca_cert=other_ca_cert,
        other_client_cert=other_client_cert,
        other_client_key=other_client_key,
        expired_cert=expired_cert,
        expired_key=expired_key,
        reloaded_cert=reloaded_cert,
        reloaded_key=reloaded_key,
        encrypted_key=encrypted_key,
    )


@functools.cache
def shared_certs() -> CertSet:
    """The shared set, made on first use and removed when the process exits."""
    directory = Path(tempfile.mkdtemp(prefix="txredisd-tls-"))
    atexit.register(shutil.rmtree, directory, True)
    return _make(directory)


def issue_from_shared_ca(directory: Path, stem: str, common_name: str) -> tuple[Path, Path]:
    """
    A new localhost server certificate (fresh key and serial, CN C{common_name})
    signed by the shared CA, written as C{stem}.crt/C{stem}.key: what a
    certificate rotation installs.
    """
    base = shared_certs().base
    return write_pair(Path(directory), stem, issue(_load(base.ca_cert, base.ca_key), common_name))
