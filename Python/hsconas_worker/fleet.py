"""The worker's side of the fleet protocol (Docs/protocol.md): a DEALER socket on its own thread that says
hello, keeps heartbeats going while a measurement runs, says hello again when the coordinator goes quiet
(it may have restarted), and hands jobs to the measuring thread. With `stay`, a coordinator's final bye does
not end it: it waits for the next coordinator at the same address and drops answers to the old one's jobs."""
from __future__ import annotations

import json
import logging
import queue
import threading
import time
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

import zmq

MAX_ENVELOPE_BYTES = 1 << 20
PROTOCOL_VERSION = 1
log = logging.getLogger("hsconas-worker")


@dataclass
class CurveKeys:
    public: str
    secret: str
    server: str

    @staticmethod
    def load(key_file: str, coordinator_key_file: str) -> "CurveKeys":
        """Reads `hsconas keys generate` files: NAME.key (`public-key = …`, `secret-key = …`) and NAME.pub."""
        values: Dict[str, str] = {}
        with open(key_file, encoding="utf-8") as handle:
            for line in handle:
                name, equals, value = line.partition("=")
                if equals and not name.strip().startswith("#"):
                    values[name.strip()] = value.strip()
        for name in ("public-key", "secret-key"):
            if len(values.get(name, "")) != 40:
                raise ValueError(f"--curve-key '{key_file}': no '{name} = <40 Z85 characters>' line")
        with open(coordinator_key_file, encoding="utf-8") as handle:
            lines = [line.strip() for line in handle if line.strip() and not line.strip().startswith("#")]
        server = lines[0] if len(lines) == 1 else ""
        if len(server) != 40:
            raise ValueError(f"--coordinator-key '{coordinator_key_file}': not one 40-character Z85 CURVE key")
        return CurveKeys(values["public-key"], values["secret-key"], server)


# While a staying worker waits for the next coordinator it says hello once per this many heartbeats, and after the
# first few once per the later number: each hello stays queued on the socket until a coordinator connects, so more
# of them only add welcomes for it to send.
WAITING_HELLO_HEARTBEATS = 5
WAITING_HELLOS_BEFORE_BACK_OFF = 3
WAITING_HELLO_HEARTBEATS_LATER = 60


class Connection(threading.Thread):
    """Owns the socket. Jobs go to `inbox` as (coordinator, job); `send` may be called from any thread, with the
    coordinator count the job came with (answers to a coordinator that has since said bye are dropped)."""

    def __init__(self, endpoint: str, hello: Dict[str, Any], heartbeat_ms: int, keys: Optional[CurveKeys],
                 stay: bool = False) -> None:
        super().__init__(name="hsconas-worker-io", daemon=True)
        self.endpoint, self.hello, self.keys, self.stay = endpoint, hello, keys, stay
        self.heartbeat = heartbeat_ms / 1000
        self.inbox: "queue.Queue[Tuple[int, Dict[str, Any]]]" = queue.Queue()
        self.outbox: "queue.Queue[Tuple[str, Dict[str, Any], Optional[str], Optional[int]]]" = queue.Queue()
        self.stopping = threading.Event()
        self.finished = threading.Event()  # the coordinator said bye without reconnect
        self.registrations = 0
        self.sequence = 0
        self.coordinators_left = 0  # final byes a staying worker outlived

    def send(self, kind: str, body: Dict[str, Any], ident: Optional[str] = None, coordinator: Optional[int] = None) -> None:
        self.outbox.put((kind, body, ident, coordinator))

    def _write(self, socket: zmq.Socket, kind: str, body: Dict[str, Any], ident: Optional[str] = None) -> None:
        self.sequence += 1
        envelope = {"v": PROTOCOL_VERSION, "type": kind, "id": ident or str(self.sequence), "body": body}
        socket.send(json.dumps(envelope).encode())

    def run(self) -> None:
        context = zmq.Context.instance()
        socket = context.socket(zmq.DEALER)
        socket.setsockopt(zmq.LINGER, 500)
        socket.setsockopt(zmq.MAXMSGSIZE, MAX_ENVELOPE_BYTES)
        if self.keys:
            socket.curve_publickey = self.keys.public.encode()
            socket.curve_secretkey = self.keys.secret.encode()
            socket.curve_serverkey = self.keys.server.encode()
        socket.connect(self.endpoint)
        registered, waiting, waiting_hellos, last_sent, last_heard = False, False, 0, 0.0, time.monotonic()
        try:
            while not self.stopping.is_set():
                now = time.monotonic()
                if registered and now - last_heard > 3 * self.heartbeat:
                    log.warning("no word from the coordinator for 3 heartbeats; saying hello again")
                    registered = False
                beats = 1 if not waiting else (
                    WAITING_HELLO_HEARTBEATS if waiting_hellos < WAITING_HELLOS_BEFORE_BACK_OFF else WAITING_HELLO_HEARTBEATS_LATER)
                if now - last_sent >= self.heartbeat * beats:
                    self._write(socket, "heartbeat" if registered else "hello", {} if registered else self.hello)
                    last_sent = now
                    waiting_hellos += 1 if waiting else 0
                while not self.outbox.empty():
                    kind, body, ident, coordinator = self.outbox.get()
                    if coordinator is not None and coordinator != self.coordinators_left:
                        log.info("dropped the answer to job %s of a coordinator that said bye", ident)
                        continue
                    self._write(socket, kind, body, ident)
                if not socket.poll(100):
                    continue
                frame = socket.recv()
                last_heard = time.monotonic()
                message = self._parse(frame)
                if message is None:
                    continue
                kind, body = message
                if kind == "welcome":
                    waiting, waiting_hellos = False, 0
                    if not registered:
                        self.registrations += 1
                        log.info("registered with %s (coordinator %s)", self.endpoint, body.get("coordinator_id"))
                    registered = True
                    heartbeat_ms = body.get("heartbeat_ms")
                    if isinstance(heartbeat_ms, int) and not isinstance(heartbeat_ms, bool) and heartbeat_ms > 0:
                        self.heartbeat = heartbeat_ms / 1000
                elif kind == "job":
                    self.inbox.put((self.coordinators_left, body))
                elif kind == "bye":
                    if body.get("reconnect") is True:
                        registered, last_sent = False, 0.0
                    elif self.stay:
                        log.info("the coordinator said bye: %s; staying for the next coordinator at %s (--stay)",
                                 body.get("reason"), self.endpoint)
                        # The coordinator is closing its socket: the first hello waits a full waiting interval.
                        self.coordinators_left += 1
                        registered, waiting, last_sent = False, True, time.monotonic()
                    else:
                        log.info("the coordinator said bye: %s", body.get("reason"))
                        self.finished.set()
                        return
        finally:
            try:
                self._write(socket, "bye", {"reason": "worker stopping", "reconnect": False})
            except zmq.ZMQError:
                pass
            socket.close()

    @staticmethod
    def _parse(frame: bytes) -> Optional[Tuple[str, Dict[str, Any]]]:
        """The envelope's type and body, or None (logged) for anything malformed."""
        try:
            message = json.loads(frame)
        except ValueError as error:
            log.warning("dropped a frame that is not JSON (%d bytes): %s", len(frame), error)
            return None
        if not isinstance(message, dict) or message.get("v") != PROTOCOL_VERSION:
            log.warning("dropped an envelope: field 'v' is %r, expected %d", message.get("v") if isinstance(message, dict) else message, PROTOCOL_VERSION)
            return None
        kind, body = message.get("type"), message.get("body")
        if not isinstance(kind, str) or not isinstance(body, dict):
            log.warning("dropped an envelope: fields 'type' (string) and 'body' (object) are required")
            return None
        if kind == "job" and not isinstance(body.get("job_id"), str):
            log.warning("dropped a job: field 'body.job_id' must be a string, got %r", body.get("job_id"))
            return None
        return kind, body
