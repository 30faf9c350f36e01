"""TLS: ssl_mode against a TLS-enabled MariaDB of the suite's own, and a hostile server
that asks for the password in clear text.

The TLS server's certificate names only ``localhost`` (no IP address), so one server
shows both sides of VERIFY_IDENTITY: ``localhost`` passes, ``127.0.0.1`` fails. The
hostile server is a few lines of the MySQL protocol in a thread, recording every byte
it receives, so the tests can show the password never reaches it.
"""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import struct
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from roble_sql import runner
from roble_sql.config import load_settings
from roble_sql.dsn import DatabaseURL
from roble_sql.errors import ConfigError
from tests.conftest import Project, Result, Roble, admin_query, throwaway_server

TLS_PASSWORD = "Tls:S3cret@pw"  # ':' and '@' exercise the URL encoding too
DATABASE = "roble_tls"


def _one_line(result: Result) -> str:
    assert result.err.count("\n") == 1, result.err
    assert result.err.startswith("roble: error: "), result.err
    assert "Traceback" not in result.output
    assert TLS_PASSWORD not in result.output and HOSTILE_PASSWORD not in result.output
    return result.err


# --- certificates ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Certificates:
    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path
    other_ca: Path  # a CA that signed none of these


_NEW_KEY = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")


def _openssl(folder: Path, *args: str) -> None:
    subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)


def _signed(folder: Path, name: str, subject: str, extensions: str) -> None:
    """``name``.pem and ``name``.key: an EC key and a certificate the test CA signed."""
    (folder / f"{name}.ext").write_text(extensions + "\n")
    _openssl(
        folder, "req", *_NEW_KEY, "-subj", subject, "-keyout", f"{name}.key", "-out", f"{name}.csr"
    )
    _openssl(
        folder,
        *("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key"),
        *("-CAcreateserial", "-days", "2", "-out", f"{name}.pem", "-extfile", f"{name}.ext"),
    )


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    if shutil.which("openssl") is None:
        message = "the TLS tests need openssl (apt-get install openssl)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("certs")
    for ca in ("ca", "other_ca"):
        _openssl(
            folder,
            *("req", "-x509", *_NEW_KEY, "-days", "2", "-subj", f"/CN=roble test {ca}"),
            *("-keyout", f"{ca}.key", "-out", f"{ca}.pem"),
        )
    # Only the DNS name: connecting to 127.0.0.1 must fail VERIFY_IDENTITY.
    _signed(folder, "server", "/CN=localhost", "subjectAltName=DNS:localhost")
    _signed(folder, "client", "/CN=roble_x509", "extendedKeyUsage=clientAuth")
    return Certificates(
        folder / "ca.pem",
        folder / "server.pem",
        folder / "server.key",
        folder / "client.pem",
        folder / "client.key",
        folder / "other_ca.pem",
    )


# --- the TLS server --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class TLSServer:
    admin: DatabaseURL  # over the unix socket
    port: int

    def url(self, user: str, *options: tuple[str, str], host: str = "127.0.0.1") -> DatabaseURL:
        return DatabaseURL(
            user=user,
            password=TLS_PASSWORD,
            host=host,
            port=self.port,
            database=DATABASE,
            options=options,
        )


@pytest.fixture(scope="module")
def tls_server(
    tmp_path_factory: pytest.TempPathFactory, certificates: Certificates
) -> Iterator[TLSServer]:
    port = _free_port()
    settings = (
        "--skip-networking=0",  # after the sandbox's --skip-networking, so it wins
        f"--port={port}",
        "--bind-address=127.0.0.1",
        f"--ssl-ca={certificates.ca}",
        f"--ssl-cert={certificates.server_cert}",
        f"--ssl-key={certificates.server_key}",
    )
    with throwaway_server(tmp_path_factory.mktemp("tls-mariadb"), settings=settings) as admin:
        assert admin_query(admin, "SELECT @@have_ssl, @@port") == [("YES", port)]
        admin_query(admin, f"CREATE DATABASE {DATABASE}")
        for user, requirement in (("roble_ssl", "SSL"), ("roble_x509", "X509")):
            for host in ("localhost", "%"):
                admin_query(
                    admin,
                    f"CREATE USER %s@%s IDENTIFIED BY %s REQUIRE {requirement}",
                    (user, host, TLS_PASSWORD),
                )
                admin_query(admin, f"GRANT ALL ON {DATABASE}.* TO %s@%s", (user, host))
        yield TLSServer(admin, port)


def _cipher(url: DatabaseURL) -> str:
    """The TLS cipher of a roble connection to ``url``, '' when it is not encrypted."""
    with runner.connect(url) as db:
        ((_, cipher),) = db.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'")
        return str(cipher)


def _status(capsys: pytest.CaptureFixture[str], url: DatabaseURL) -> Result:
    return Roble(capsys, url)("status")


def test_required_encrypts_without_checking_the_certificate(
    project: Project, capsys: pytest.CaptureFixture[str], tls_server: TLSServer
) -> None:
    url = tls_server.url("roble_ssl", ("ssl_mode", "REQUIRED"))
    assert _cipher(url).startswith("TLS_")
    assert _status(capsys, url).code == 0


def test_verify_ca_checks_the_chain_but_not_the_host_name(
    project: Project,
    capsys: pytest.CaptureFixture[str],
    tls_server: TLSServer,
    certificates: Certificates,
) -> None:
    right = tls_server.url("roble_ssl", ("ssl_mode", "VERIFY_CA"), ("ssl_ca", str(certificates.ca)))
    assert _cipher(right)  # 127.0.0.1 is not in the certificate: VERIFY_CA doesn't mind
    assert _status(capsys, right).code == 0

    wrong = right.with_option("ssl_ca", str(certificates.other_ca))
    result = _status(capsys, wrong)
    assert result.code == 2
    line = _one_line(result)
    assert f"127.0.0.1:{tls_server.port}: the server's TLS certificate failed the check" in line
    assert "ssl_mode=VERIFY_CA: self-signed certificate in certificate chain" in line


def test_verify_identity_checks_the_host_name(
    project: Project,
    capsys: pytest.CaptureFixture[str],
    tls_server: TLSServer,
    certificates: Certificates,
) -> None:
    options = (("ssl_mode", "VERIFY_IDENTITY"), ("ssl_ca", str(certificates.ca)))
    assert _cipher(tls_server.url("roble_ssl", *options, host="localhost"))

    result = _status(capsys, tls_server.url("roble_ssl", *options, host="127.0.0.1"))
    assert result.code == 2
    line = _one_line(result)
    assert "ssl_mode=VERIFY_IDENTITY" in line
    assert "not valid for '127.0.0.1'" in line  # Python's words for a host-name mismatch
    assert "Connect by a name the certificate holds, not 127.0.0.1" in line


def test_disabled_against_an_account_that_requires_ssl(
    project: Project, capsys: pytest.CaptureFixture[str], tls_server: TLSServer
) -> None:
    result = _status(capsys, tls_server.url("roble_ssl", ("ssl_mode", "DISABLED")))
    assert result.code == 2
    line = _one_line(result)
    assert "the server refused the login: Access denied for user 'roble_ssl'" in line
    assert "if the account REQUIREs SSL or X509, connect with ssl_mode=REQUIRED" in line


def test_client_certificate_for_an_x509_account(
    project: Project,
    capsys: pytest.CaptureFixture[str],
    tls_server: TLSServer,
    certificates: Certificates,
) -> None:
    verified = (("ssl_mode", "VERIFY_IDENTITY"), ("ssl_ca", str(certificates.ca)))
    without_certificate = tls_server.url("roble_x509", *verified, host="localhost")
    result = _status(capsys, without_certificate)  # TLS alone is not enough
    assert result.code == 2
    assert "if the account REQUIREs X509, give ssl_cert and ssl_key" in _one_line(result)

    client = (
        ("ssl_cert", str(certificates.client_cert)),
        ("ssl_key", str(certificates.client_key)),
    )
    url = tls_server.url("roble_x509", *verified, *client, host="localhost")
    assert _cipher(url)
    assert _status(capsys, url).code == 0
    # REQUIRED sends the client certificate too, without checking the server's.
    assert _cipher(tls_server.url("roble_x509", ("ssl_mode", "REQUIRED"), *client))


def test_tls_settings_from_yoyo_ini(
    project: Project,
    capsys: pytest.CaptureFixture[str],
    tls_server: TLSServer,
    certificates: Certificates,
) -> None:
    shutil.copy(certificates.ca, project.root / "ca.pem")
    with (project.root / "yoyo.ini").open("a") as config:
        config.write("[roble]\nssl_mode = verify_identity\nssl_ca = ca.pem\n")  # relative
    plain = tls_server.url("roble_ssl", host="localhost")  # no TLS of its own
    settings = load_settings(database=plain.as_url(reveal=True), environ={})
    url = settings.require_database()
    assert url.ssl_mode == "VERIFY_IDENTITY"
    assert url.option("ssl_ca") == str(project.root / "ca.pem")
    assert _cipher(url)
    assert _status(capsys, plain).code == 0

    # A URL with TLS settings of its own keeps them: yoyo.ini's group is not mixed in.
    result = _status(capsys, plain.with_option("ssl_mode", "DISABLED"))
    assert result.code == 2 and "Access denied for user 'roble_ssl'" in _one_line(result)


# --- a hostile server ------------------------------------------------------------------------

HOSTILE_PASSWORD = "S3cr3t-hostile"
_CAPABILITIES = (
    0x1  # LONG_PASSWORD
    | 0x8  # CONNECT_WITH_DB
    | 0x200  # PROTOCOL_41
    | 0x2000  # TRANSACTIONS
    | 0x8000  # SECURE_CONNECTION
    | 0x10000  # MULTI_STATEMENTS
    | 0x20000  # MULTI_RESULTS
    | 0x80000  # PLUGIN_AUTH
)
_SSL_CAPABILITY = 0x800
_SWITCH_DATA = {b"mysql_clear_password": b"", b"dialog": b"\x05Password: "}


class HostileServer:
    """Greets like MySQL, then switches the login to a clear-text plugin; records all it
    receives. ``tls`` (a server-side SSLContext) makes it offer TLS first."""

    def __init__(
        self, plugin: bytes, *, tls: ssl.SSLContext | None = None, unix: Path | None = None
    ):
        self.plugin = plugin
        self.tls = tls
        self.received = b""
        family = socket.AF_UNIX if unix else socket.AF_INET
        self.listener = socket.socket(family, socket.SOCK_STREAM)
        self.listener.bind(str(unix) if unix else ("127.0.0.1", 0))
        self.listener.listen(1)
        self.listener.settimeout(10)
        self.address = self.listener.getsockname()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def url(self, *options: tuple[str, str]) -> DatabaseURL:
        if self.listener.family == socket.AF_UNIX:
            options = (("unix_socket", self.address), *options)
            return DatabaseURL(
                user="app", password=HOSTILE_PASSWORD, database="db", options=options
            )
        port = self.address[1]
        return DatabaseURL(
            user="app",
            password=HOSTILE_PASSWORD,
            host="127.0.0.1",
            port=port,
            database="db",
            options=options,
        )

    def finish(self) -> bytes:
        self.thread.join(timeout=15)
        self.listener.close()
        assert not self.thread.is_alive()
        return self.received

    def _serve(self) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        conn.settimeout(10)
        try:
            self._converse(conn)
        except OSError:
            pass  # the client hung up: that is what a refusing client does
        finally:
            conn.close()

    def _converse(self, conn: socket.socket) -> None:
        self._send(conn, 0, self._handshake())
        seq, packet = self._read(conn)
        if self.tls is not None and len(packet) == 32:  # an SSLRequest: TLS, then the login
            conn = self.tls.wrap_socket(conn, server_side=True)
            seq, packet = self._read(conn)
        switch = b"\xfe" + self.plugin + b"\0" + _SWITCH_DATA[self.plugin]
        self._send(conn, seq + 1, switch)
        seq, _ = self._read(conn)  # whatever answers the switch (a refusing client: none)
        self._send(conn, seq + 1, b"\xff" + struct.pack("<H", 1045) + b"#28000Access denied")
        while self._read(conn):  # until the client hangs up
            pass

    def _handshake(self) -> bytes:
        capabilities = _CAPABILITIES | (_SSL_CAPABILITY if self.tls else 0)
        salt = b"abcdefgh" + b"ijklmnopqrst"
        return (
            b"\x0a5.7.99-hostile\0"
            + struct.pack("<I", 7)
            + salt[:8]
            + b"\0"
            + struct.pack("<HBHHB", capabilities & 0xFFFF, 45, 2, capabilities >> 16, 21)
            + b"\0" * 10
            + salt[8:]
            + b"\0mysql_native_password\0"
        )

    @staticmethod
    def _send(conn: socket.socket, seq: int, payload: bytes) -> None:
        conn.sendall(struct.pack("<I", len(payload))[:3] + bytes([seq & 0xFF]) + payload)

    def _read(self, conn: socket.socket) -> tuple[int, bytes]:
        header = self._exactly(conn, 4)
        length = int.from_bytes(header[:3], "little")
        return header[3], self._exactly(conn, length)

    def _exactly(self, conn: socket.socket, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = conn.recv(size - len(data))
            if not chunk:
                raise ConnectionResetError("the client hung up")
            self.received += chunk
            data += chunk
        return data


@pytest.mark.parametrize("plugin", [b"mysql_clear_password", b"dialog"])
@pytest.mark.parametrize("options", [(), (("ssl_mode", "PREFERRED"),), (("ssl_mode", "DISABLED"),)])
def test_clear_text_password_refused_on_a_plain_connection(
    project: Project,
    capsys: pytest.CaptureFixture[str],
    plugin: bytes,
    options: tuple[tuple[str, str], ...],
) -> None:
    hostile = HostileServer(plugin)
    result = _status(capsys, hostile.url(*options))
    received = hostile.finish()
    assert HOSTILE_PASSWORD.encode() not in received
    assert received  # it did get the login, with the password scrambled
    assert result.code == 2
    port = hostile.address[1]
    assert _one_line(result) == (
        f"roble: error: the server at 127.0.0.1:{port} asked for the password in clear text "
        f"(plugin {plugin.decode()}) over an unencrypted connection; roble refused to send it. "
        "Use TLS (ssl_mode=REQUIRED, or VERIFY_IDENTITY with ssl_ca) or a unix socket, or "
        "check that the server is the one you mean.\n"
    )


@pytest.mark.parametrize("plugin", [b"mysql_clear_password", b"dialog"])
def test_clear_text_password_over_a_unix_socket_but_not_over_tcp(
    project: Project, capsys: pytest.CaptureFixture[str], plugin: bytes, tmp_path: Path
) -> None:
    over_tcp = HostileServer(plugin)
    refused = _status(capsys, over_tcp.url())
    assert HOSTILE_PASSWORD.encode() not in over_tcp.finish()
    assert "roble refused to send it" in _one_line(refused)

    local = HostileServer(plugin, unix=tmp_path / "s")
    answered = _status(capsys, local.url())
    assert HOSTILE_PASSWORD.encode() + b"\0" in local.finish()  # PAM logins keep working
    assert answered.code == 2 and "Access denied" in _one_line(answered)


def test_clear_text_password_answered_over_tls(
    project: Project, capsys: pytest.CaptureFixture[str], certificates: Certificates
) -> None:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates.server_cert, certificates.server_key)
    hostile = HostileServer(b"mysql_clear_password", tls=context)
    result = _status(capsys, hostile.url(("ssl_mode", "REQUIRED")))
    assert HOSTILE_PASSWORD.encode() + b"\0" in hostile.finish()  # decrypted by the server
    assert result.code == 2 and "Access denied" in _one_line(result)


def test_required_refuses_a_server_without_tls(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = HostileServer(b"mysql_clear_password")
    result = _status(capsys, hostile.url(("ssl_mode", "REQUIRED")))
    assert hostile.finish() == b""  # PyMySQL gave up at the greeting: not even a user name
    assert result.code == 2
    assert "the server offers no TLS, and ssl_mode=REQUIRED requires it" in _one_line(result)


# --- configuration ---------------------------------------------------------------------------


def test_tls_configuration_errors_name_the_fix(tmp_path: Path) -> None:
    (tmp_path / "yoyo.ini").write_text("[roble]\nssl_mode = verify-full\n")
    with pytest.raises(ConfigError) as info:
        load_settings(database="mysql://u@db.example.com/shop", cwd=tmp_path, environ={})
    line = info.value.one_line()
    assert line.startswith(f"{tmp_path / 'yoyo.ini'} [roble] ssl_mode: database URL option")
    assert "DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY" in line


def test_backup_and_restore_go_over_tls_to_the_same_server(
    project: Project,
    capsys: pytest.CaptureFixture[str],
    tls_server: TLSServer,
    certificates: Certificates,
    tmp_path: Path,
) -> None:
    """mariadb-dump and the mariadb client get the URL's TLS too, and TCP even for a host
    named localhost (they would take the default socket: maybe another server's)."""
    verified = (("ssl_mode", "VERIFY_IDENTITY"), ("ssl_ca", str(certificates.ca)))
    url = tls_server.url("roble_ssl", *verified, host="localhost")
    project.revision(
        "0001_t", "CREATE TABLE over_tls (id INT PRIMARY KEY);", "DROP TABLE over_tls;"
    )
    roble = Roble(capsys, url)
    backup = tmp_path / "tls-backup.sql"
    result = roble("upgrade", "--backup", str(backup))
    assert result.code == 0, result.err
    assert "-- Dump completed" in backup.read_text()
    admin_query(tls_server.admin.with_database(DATABASE), "CREATE TABLE later (id INT)")
    restored = roble("restore", str(backup), "--yes-i-know")
    assert restored.code == 0, restored.err
    tables = admin_query(
        tls_server.admin,
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s",
        (DATABASE,),
    )
    assert "later" not in {name for (name,) in tables}
    assert TLS_PASSWORD not in result.output + restored.output
