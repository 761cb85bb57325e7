"""HTTPS: the server serves TLS when given a certificate and key; a PC logs in and syncs over
it when it trusts the certificate, and is refused with a clear message when it does not."""

from __future__ import annotations

import datetime as dt
import io
import ipaddress
import ssl

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tambon_desktop import cli
from tests.helpers.sync_harness import PASSWORD, ServerProc, add_user_direct, project, server_db_url


def _self_signed(folder):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def run(capsys, monkeypatch, *argv, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def tls_server(tmp_path):
    cert, key = _self_signed(tmp_path)
    server = ServerProc(tmp_path / "server", extra=["--certfile", str(cert),
                                                    "--keyfile", str(key)]).start()
    yield server, cert
    server.stop()


def test_https_login_and_sync_with_a_trusted_certificate(tls_server, tmp_path, capsys,
                                                         monkeypatch):
    server, cert = tls_server
    assert server.url.startswith("https://")
    trusted = ssl.create_default_context(cafile=str(cert))
    assert httpx.get(f"{server.url}/healthz", verify=trusted).json()["status"] == "ok"
    with pytest.raises(httpx.HTTPError):
        httpx.get(server.url.replace("https://", "http://") + "/healthz", timeout=5)

    add_user_direct(server_db_url(server), "tls_user", district="9501")
    pc = str(tmp_path / "pc")
    assert run(capsys, monkeypatch, "--data-dir", pc, "init", "--district", "9501",
               "--user", "tls_user")[0] == 0
    code, _, err = run(capsys, monkeypatch, "--data-dir", pc, "login", "--server", server.url,
                       "--user", "tls_user", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 1 and len(err.strip().splitlines()) == 1  # untrusted certificate: refused
    code, out, err = run(capsys, monkeypatch, "--data-dir", pc, "login", "--server", server.url,
                         "--user", "tls_user", "--password-stdin", "--ca", str(cert),
                         stdin=PASSWORD + "\n")
    assert code == 0, err
    from tambon_desktop.services.workspace import Workspace

    with Workspace.open(pc) as ws:
        ws.records.create("project", project("9501"))
    code, out, err = run(capsys, monkeypatch, "--data-dir", pc, "sync")
    assert code == 0 and out.startswith("pushed 1 (acknowledged 1"), err
