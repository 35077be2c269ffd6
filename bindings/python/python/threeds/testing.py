"""Test your application against the threeds simulator (DS + 3DS Server + ACS).

    from threeds import Client
    from threeds.testing import Simulator

    with Simulator() as sim:
        client = Client()
        sim.configure(client)                       # DS certificate, ids, ACS root, TLS CA
        ares = sim.post_auth_request(client.get_auth_request(), "challenge-text")
        client.check_auth_response(ares)
        ...
        sim.transaction(client.sdk_transaction_id)  # what the simulator saw: CReqs, CRes, ...

The simulator is the ``threeds`` command-line tool (``threeds sim``), found
through the ``THREEDS_BIN`` environment variable or on ``PATH``
(``cargo install threeds-cli``). It listens on 127.0.0.1 only, on a free
port, with a PKI generated for this run; every wait below has a deadline.
"""

import base64
import json
import os
import queue
import shutil
import ssl
import subprocess
import tempfile
import threading
import urllib.error
import urllib.request
from types import TracebackType
from typing import Any, Dict, List, Optional, Type

__all__ = ["Simulator", "SimulatorError"]


class SimulatorError(RuntimeError):
    """The simulator could not be started or answered unexpectedly."""


def pem_to_der(pem: str) -> bytes:
    """The DER bytes of the first certificate of a PEM text."""
    begin = "-----BEGIN CERTIFICATE-----"
    end = "-----END CERTIFICATE-----"
    start = pem.find(begin)
    stop = pem.find(end, start)
    if start < 0 or stop < 0:
        raise SimulatorError("no PEM certificate found")
    return base64.b64decode("".join(pem[start + len(begin) : stop].split()))


class Simulator:
    """A ``threeds sim`` child process, its URLs and its PKI.

    Use it as a context manager (or call :meth:`start` and :meth:`stop`).
    """

    def __init__(
        self,
        binary: Optional[str] = None,
        out_dir: Optional[str] = None,
        startup_timeout: float = 60.0,
        request_timeout: float = 30.0,
    ) -> None:
        self.binary = binary or os.environ.get("THREEDS_BIN") or shutil.which("threeds")
        self._own_dir: Optional[tempfile.TemporaryDirectory[str]] = None
        self.out_dir = out_dir
        self.startup_timeout = startup_timeout
        self.request_timeout = request_timeout
        self.base_url = ""
        self.ds_id = ""
        self.scenarios: List[str] = []
        self._process: Optional["subprocess.Popen[str]"] = None
        self._ssl: Optional[ssl.SSLContext] = None

    # ---- life cycle ----

    def start(self) -> "Simulator":
        """Starts the simulator and waits (bounded) until it is ready."""
        if self.binary is None:
            raise SimulatorError(
                "the threeds binary was not found: set THREEDS_BIN or put it on PATH "
                "(cargo install threeds-cli)"
            )
        if self.out_dir is None:
            self._own_dir = tempfile.TemporaryDirectory(prefix="threeds-sim-")
            self.out_dir = self._own_dir.name
        process = subprocess.Popen(
            [self.binary, "sim", "--port", "0", "--out", self.out_dir],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        self._process = process
        lines: "queue.Queue[Optional[str]]" = queue.Queue()

        def pump() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        seen: List[str] = []
        while True:
            try:
                line = lines.get(timeout=self.startup_timeout)
            except queue.Empty:
                self.stop()
                raise SimulatorError("the simulator did not get ready in time: " + "".join(seen))
            if line is None:
                self.stop()
                raise SimulatorError("the simulator exited: " + "".join(seen))
            seen.append(line)
            key, _, value = line.strip().partition("  ")
            if key == "base URL":
                self.base_url = value.strip()
            elif key == "DS id":
                self.ds_id = value.strip()
            elif key == "scenarios":
                self.scenarios = [n.strip() for n in value.split(",") if n.strip()]
            elif line.startswith("ready"):
                break
        if not self.base_url:
            self.stop()
            raise SimulatorError("the simulator printed no base URL: " + "".join(seen))
        self._ssl = ssl.create_default_context(cafile=self._path("tls-ca.crt.pem"))
        return self

    def stop(self) -> None:
        """Stops the simulator and removes the PKI it wrote (unless ``out_dir`` was given)."""
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
            if self._process.stdout is not None:
                self._process.stdout.close()
            self._process = None
        if self._own_dir is not None:
            self._own_dir.cleanup()
            self._own_dir = None
            self.out_dir = None

    def __enter__(self) -> "Simulator":
        return self.start()

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.stop()

    # ---- PKI ----

    def _path(self, name: str) -> str:
        if self.out_dir is None:
            raise SimulatorError("the simulator is not running")
        return os.path.join(self.out_dir, name)

    def _read(self, name: str) -> str:
        with open(self._path(name), encoding="ascii") as f:
            return f.read()

    def ds_cert_encoded(self, kind: str = "rsa") -> bytes:
        """The DS encryption certificate (DER): ``kind`` is ``"rsa"`` or ``"ec"``."""
        if kind not in ("rsa", "ec"):
            raise ValueError("kind is 'rsa' or 'ec'")
        return pem_to_der(self._read(f"ds-enc-{kind}.crt.pem"))

    @property
    def acs_root_cert_encoded(self) -> bytes:
        """The root the ACS signing certificates chain to (DER)."""
        return pem_to_der(self._read("ds-root.crt.pem"))

    @property
    def tls_ca_pem(self) -> str:
        """The CA of the simulator's HTTPS certificate (PEM)."""
        return self._read("tls-ca.crt.pem")

    def configure(self, client: Any, kind: str = "rsa") -> None:
        """Sets what a client needs to talk to this simulator: the DS
        certificate and id, the ACS root, and the TLS CA
        (``config("SSLServerCACerts=...")``)."""
        client.directory_server_cert_encoded = self.ds_cert_encoded(kind)
        client.directory_server_id = self.ds_id
        client.acs_root_cert_count = 1
        client.set_acs_root_cert_encoded(0, self.acs_root_cert_encoded)
        client.config("SSLServerCACerts=" + self.tls_ca_pem)

    # ---- HTTP ----

    def auth_url(self, scenario: str) -> str:
        """Where the 3DS Server role takes an SDK auth request for ``scenario``."""
        return f"{self.base_url}/3ds/auth?scenario={scenario}"

    def _request(self, url: str, body: Optional[bytes]) -> str:
        request = urllib.request.Request(url, data=body, method="POST" if body else "GET")
        if body is not None:
            request.add_header("Content-Type", "application/json; charset=utf-8")
        try:
            with urllib.request.urlopen(
                request, timeout=self.request_timeout, context=self._ssl
            ) as answer:
                text: str = answer.read().decode("utf-8")
                return text
        except urllib.error.HTTPError as e:
            return str(e.read().decode("utf-8", "replace"))

    def post_auth_request(self, auth_request: str, scenario: str) -> str:
        """Plays the 3DS Server: sends ``get_auth_request()``'s result through
        the DS to the ACS and returns the ARes (or Erro) text for
        ``check_auth_response``."""
        return self._request(self.auth_url(scenario), auth_request.encode("utf-8"))

    def records(self) -> Dict[str, Any]:
        """Everything the simulator recorded (``GET /sim/records``): the
        ``transactions``, the TCP ``connections`` it accepted (this request's
        included) and the ``clientCertificates`` (base64 DER) TLS clients
        presented."""
        records: Dict[str, Any] = json.loads(self._request(self.base_url + "/sim/records", None))
        return records

    def transaction(self, sdk_trans_id: str) -> Dict[str, Any]:
        """The record of one transaction: ``creqs`` and ``cres`` (plaintext,
        in order), ``ares``, ``violations``, ``outcome``, …"""
        for record in self.records()["transactions"]:
            if record["sdkTransID"] == sdk_trans_id:
                found: Dict[str, Any] = record
                return found
        raise SimulatorError(f"no transaction with sdkTransID {sdk_trans_id}")
