"""`hsconas-worker`: a thin hsconas worker. It builds no networks: the coordinator ships each candidate as a
weightless ONNX graph, the worker fills the weights from a seed and times the model with the device's own
runtime (onnxruntime or your tool), or replays the NAS-Bench-201 table for benchmark devices."""
from __future__ import annotations

import argparse
import logging
import os
import platform
import signal
import socket
import sys
import time
import queue
from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy
import zmq

from . import CAPABILITY, __version__, harness
from .fleet import Connection, CurveKeys
from .model import MAX_MODEL_BYTES, ModelCache, ModelError, decode
from .reachability import LONGEST_WAIT, DeviceWait
from .replay import ReplayTable
from .runtimes import RuntimeUnavailable, model_runtime

Answer = Tuple[str, Dict[str, Any]]


class JobAnswerer:
    """Turns one job into a `result` or a `failed`; never raises."""

    def __init__(self, device: str, runtime_name: str, runtime: Any, version: str, settings: harness.Settings,
                 table: Optional[ReplayTable], cache: ModelCache, model_limit: int, host_lock: bool = True,
                 device_wait: Optional[DeviceWait] = None) -> None:
        self.device, self.runtime_name, self.runtime, self.version = device, runtime_name, runtime, version
        self.settings, self.table, self.cache, self.model_limit = settings, table, cache, model_limit
        self.host_lock = host_lock  # False: the tool times on another device (--no-host-lock)
        self.device_wait = device_wait  # --runtime command: waits out a device that stopped answering
        self.announced: Optional[harness.Settings] = None  # the search method last logged

    def answer(self, job: Dict[str, Any], abandoned: Callable[[], bool] = lambda: False) -> Answer:
        """`abandoned()`: the job's coordinator left or the worker is stopping, so a held job is let go."""
        job_id = job["job_id"]
        started = time.monotonic()

        def failed(error: str, retryable: bool = False) -> Answer:
            logging.getLogger("hsconas-worker").warning("job %s failed: %s", job_id, error)
            return "failed", {"job_id": job_id, "error": error, "retryable": retryable}

        try:
            kind, device = job.get("kind"), job.get("device")
            if kind == "accuracy":
                if self.table is None:
                    return failed("this worker measures latency; it takes no accuracy jobs")
                valid, test = self.table.accuracy(str(job.get("architecture")), str((job.get("settings") or {}).get("dataset", "cifar10")))
                return "result", {"job_id": job_id, "metrics": {"valid_accuracy": valid, "test_accuracy": test},
                                  "source": "table", "samples": [], "environment": {"runtime": "table", "device": self.device}}
            if kind not in ("latency", "profile"):
                return failed(f"field 'kind': unknown job kind {kind!r}")
            if device != self.device:
                return failed(f"{kind} job for device {device!r} sent to a {self.device!r} worker")
            if self.table is not None:
                latency = self.table.latency(str(job.get("architecture")), self.device)
                return "result", {"job_id": job_id, "metrics": {"latency_ms": latency}, "source": "replay",
                                  "samples": [], "environment": {"runtime": "replay", "device": self.device}}
            if "model" not in job:
                return failed(f"job carries no model: this thin worker ({self.runtime_name}) builds no networks and needs "
                              f"a coordinator that ships them (hello capability '{CAPABILITY}', Docs/protocol.md)")
            # The search's measurement method, when the job carries it, over this worker's own flags (a command
            # runtime's tool repeats runs its own way: nothing to apply).
            settings = self.settings if self.runtime_name == "command" else harness.with_method(self.settings, job.get("settings") or {})
            if settings != self.settings and settings != self.announced:
                self.announced = settings
                logging.getLogger("hsconas-worker").info(
                    "timing by the search's measurement method (fleet.measurement) instead of this worker's flags: "
                    "warmup_runs=%d min_runs=%d min_seconds=%g max_cv=%g attempts=%d", settings.warmup_runs,
                    settings.min_runs, settings.min_seconds, settings.max_cv, settings.attempts)
            model = decode(job["model"], self.model_limit)
            waited_for_device: Optional[float] = None  # seconds the job was held for the device to come back
            try:
                measured, lock_fields = self.timed(model, settings)
            except RuntimeUnavailable:
                raise
            except RuntimeError as error:
                wait = self.device_wait
                wait_started = time.monotonic()
                # A probe's timing is thrown away: it runs without the host lock.
                if wait is None or not wait.device_is_back(job_id, str(error), lambda good: self.timed(good, settings, locked=False),
                                                           abandoned, lease_left(job, started)):
                    raise
                waited_for_device = time.monotonic() - wait_started
                measured, lock_fields = self.timed(model, settings)
            if self.device_wait is not None:
                self.device_wait.measured(model)
            environment = harness.environment(self.device, self.runtime_name, self.version, settings,
                                              measured.stats, measured.attempts)
            environment.update(lock_fields)
            environment.update({"worker": "hsconas-worker " + __version__, "model_sha256": model.sha256})
            if waited_for_device is not None:  # not device time: the coordinator leaves it out of the device's cost
                environment["device_wait_ms"] = f"{waited_for_device * 1000:.0f}"
            return "result", {"job_id": job_id, "metrics": {"latency_ms": measured.stats["median"]}, "source": "measured",
                              "samples": [], "environment": environment}
        except (ModelError, RuntimeUnavailable, harness.MethodError) as error:
            return failed(str(error))
        except KeyError as error:
            return failed(f"not in the table: {error}")
        except Exception as error:  # a measurement that broke may work on another try or worker
            return failed(f"{type(error).__name__}: {error}", retryable=True)

    def timed(self, model: Any, settings: harness.Settings, locked: bool = True) -> Tuple[Any, Dict[str, str]]:
        """Times a shipped model under the host lock (unless --no-host-lock or not `locked`); the measurement and the
        lock's fields."""
        path = self.cache.path(model)
        with harness.HostLock(enabled=self.host_lock and locked) as lock:
            measured = self.runtime.measure(path, settings, model.seed)
        return measured, lock.fields


def lease_left(job: Dict[str, Any], started: float) -> Optional[float]:
    """Seconds left of the job's lease (`deadline_ms`, counted from `started`, when this worker took it up); None when
    it has none."""
    deadline_ms = job.get("deadline_ms") or 0
    if not isinstance(deadline_ms, (int, float)) or deadline_ms <= 0:
        return None
    return max(0.0, deadline_ms / 1000 - (time.monotonic() - started))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hsconas-worker", description=__doc__,
        epilog="A search whose config has fleet.measurement sends that method with each job; such jobs are timed by it "
               "instead of --warmup, --min-runs, --min-seconds, --max-cv and --attempts.")
    p.add_argument("--coordinator", required=True, help="coordinator endpoint, e.g. tcp://10.0.0.2:5555")
    p.add_argument("--device", required=True, help="the device this worker reports latency for")
    p.add_argument("--runtime", default="onnxruntime", choices=["onnxruntime", "command", "replay"],
                   help="how latency is measured: onnxruntime (default) times the shipped model, command runs --command "
                        "on it, replay answers from the NAS-Bench-201 table (--table)")
    p.add_argument("--kinds", default=None,
                   help="job kinds, comma-separated, of latency, profile (operator profiling for a spos search) and, "
                        "with replay only, accuracy (default: latency; replay: accuracy,latency)")
    p.add_argument("--command", help="for --runtime command: the command line with {model} ({threads}, {batch}, {cores})")
    p.add_argument("--pattern", help="for --runtime command: a regular expression whose first group captures the latency")
    p.add_argument("--scale", type=float, default=1.0, help="for --runtime command: multiply the figure by this to get ms")
    p.add_argument("--table", help="for --runtime replay: hsconas's nb201.bin")
    p.add_argument("--threads", type=int, default=1, help="threads the runtime may use")
    p.add_argument("--cores", help="CPUs to pin to, comma-separated (default: the highest-numbered, one per thread)")
    p.add_argument("--warmup", type=int, default=3, help="untimed warm-up runs")
    p.add_argument("--min-runs", type=int, default=10, help="timed runs: at least this many …")
    p.add_argument("--min-seconds", type=float, default=0.3, help="… and for at least this many seconds")
    p.add_argument("--max-cv", type=float, default=0.05, help="re-measure when the coefficient of variation is above this")
    p.add_argument("--attempts", type=int, default=3, help="attempts in all; the steadiest is kept")
    p.add_argument("--no-host-lock", action="store_true",
                   help="for --runtime command whose tool times on another device (a phone over adb, a board over ssh): "
                        "measure without this host's measurement lock, so the host's own measuring workers need not wait")
    p.add_argument("--device-wait", type=float, default=None, metavar="SECONDS",
                   help="for --runtime command: when the tool fails and also fails on the last model it measured, the "
                        "device is taken to be unreachable (a phone unplugged, a board rebooting); the job is held and "
                        "that model tried every 10 s for up to this long, then the job is measured again or answered "
                        "failed (default: 600; 0: answer failed at once)")
    p.add_argument("--id", help="worker id (default: <device>-<host>-<pid>)")
    p.add_argument("--stay", action="store_true",
                   help="outlive the coordinator's bye: wait for the next search (or its --resume) at the same address")
    p.add_argument("--heartbeat-ms", type=int, default=1000, help="heartbeat interval until the coordinator's welcome sets it")
    p.add_argument("--curve-key", help="this worker's secret key file (NAME.key from 'hsconas keys generate')")
    p.add_argument("--coordinator-key", help="the coordinator's public key file (NAME.pub)")
    p.add_argument("--cache-dir", default="", help="where filled models are cached (default: a new temporary folder)")
    p.add_argument("--max-model-bytes", type=int, default=MAX_MODEL_BYTES, help="largest shipped graph accepted")
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    return p


def settings_from(args: argparse.Namespace) -> harness.Settings:
    if args.cores:
        try:
            cores = [int(part) for part in args.cores.split(",")]
        except ValueError:
            raise ValueError(f"--cores '{args.cores}': expected CPU numbers separated by commas, e.g. 1 or 0,1") from None
    else:
        cores = harness.default_cores(args.threads)
    settings = harness.Settings(warmup_runs=args.warmup, min_runs=args.min_runs, min_seconds=args.min_seconds,
                                max_runs=max(1000, args.min_runs), max_cv=args.max_cv, attempts=args.attempts,
                                threads=args.threads, batch=1, cores=cores)
    settings.validate()
    return settings


def main(argv: Optional[List[str]] = None) -> None:
    args = parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s hsconas-worker: %(message)s")
    log = logging.getLogger("hsconas-worker")
    try:
        settings = settings_from(args)
        if (args.curve_key is None) != (args.coordinator_key is None):
            raise ValueError("--curve-key and --coordinator-key go together: CURVE needs this worker's key pair and the coordinator's public key")
        keys = CurveKeys.load(args.curve_key, args.coordinator_key) if args.curve_key else None
        table: Optional[ReplayTable] = None
        if args.runtime == "replay":
            if not args.table:
                raise ValueError("--runtime replay needs --table PATH (hsconas's Sources/BenchmarkData/Resources/nb201.bin)")
            table = ReplayTable(args.table)
            if args.device not in table.devices():
                raise ValueError(f"--device '{args.device}': not a device of the table ({', '.join(table.devices())})")
            runtime, version = None, "replay"
        else:
            runtime, version = model_runtime(args.runtime, args.command, args.pattern, args.scale)
        if args.no_host_lock and args.runtime != "command":
            raise ValueError(f"--no-host-lock is for --runtime command, whose tool may time another device; "
                             f"not for --runtime {args.runtime}")
        if args.device_wait is not None and args.runtime != "command":
            raise ValueError(f"--device-wait '{args.device_wait:g}' is for --runtime command, whose tool may lose its "
                             f"device; not for --runtime {args.runtime}")
        if args.device_wait is not None and not (0 <= args.device_wait <= LONGEST_WAIT):
            raise ValueError(f"--device-wait '{args.device_wait:g}': expected seconds from 0 to {LONGEST_WAIT:.0f} (a week)")
        kinds = (args.kinds or ("accuracy,latency" if table else "latency")).split(",")
        for kind in kinds:
            if kind not in ("accuracy", "latency", "profile") or (kind == "accuracy" and table is None):
                raise ValueError(f"--kinds: '{kind}' is not a kind this worker takes (latency, profile; accuracy with replay)")
    except (ValueError, OSError) as error:
        sys.exit(f"error: {error}")
    if getattr(runtime, "error", None):
        log.warning("%s; jobs for it will be refused", runtime.error)

    worker_id = args.id or f"{args.device}-{socket.gethostname()}-{os.getpid()}"
    hello = {
        "worker_id": worker_id, "device": args.device, "tags": ["thin", platform.machine()], "kinds": kinds,
        "spaces": ["nb201"] if table else ["nb201", "spos"],
        "runtimes": ["replay", "table"] if table else [args.runtime],
        "versions": {"hsconas-worker": __version__, "python": platform.python_version(), "pyzmq": zmq.__version__,
                     "numpy": numpy.__version__, args.runtime: version},
        "capacity": 4 if table else 1,
        "capabilities": [] if table else [CAPABILITY],
    }
    cache = ModelCache(args.cache_dir)
    stop = {"signal": False}
    device_wait = None
    if args.runtime == "command":
        device_wait = DeviceWait(600.0 if args.device_wait is None else args.device_wait)
    answerer = JobAnswerer(args.device, args.runtime, runtime, version, settings, table, cache, args.max_model_bytes,
                           host_lock=not args.no_host_lock, device_wait=device_wait)
    connection = Connection(args.coordinator, hello, args.heartbeat_ms, keys, stay=args.stay)

    def on_signal(number: int, _frame: Any) -> None:
        stop["signal"] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    log.info("worker %s for device %s (%s, %s) connecting to %s", worker_id, args.device, args.runtime, version, args.coordinator)
    connection.start()
    try:
        while not stop["signal"] and not connection.finished.is_set():
            try:
                coordinator, job = connection.inbox.get(timeout=0.2)
            except queue.Empty:
                continue
            if coordinator != connection.coordinators_left:
                log.info("dropped job %s: its coordinator said bye before it started", job["job_id"])
                continue
            kind, body = answerer.answer(job, abandoned=lambda: stop["signal"] or connection.finished.is_set()
                                         or connection.coordinators_left != coordinator)
            if kind == "result":
                log.info("job %s answered: %s", job["job_id"], body["metrics"])
            connection.send(kind, body, ident=job["job_id"], coordinator=coordinator)
        connection.stopping.set()
        connection.join(timeout=2)
    finally:
        cache.close()
    log.info("stopped")


if __name__ == "__main__":
    main()
