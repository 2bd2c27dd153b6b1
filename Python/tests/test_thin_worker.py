"""The thin worker as real processes over loopback: installed by pip into fresh virtual environments,
measuring spos candidates a real `hsconas search` ships it, killed mid-search, behind CURVE, and fed
corrupted model frames by a fake coordinator. Run by `make test` (needs `.build/debug/hsconas`)."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest
import zmq

REPO = Path(__file__).resolve().parents[2]
HSCONAS = Path(os.environ.get("HSCONAS_BIN", REPO / ".build" / "debug" / "hsconas"))
TABLE = REPO / "Sources" / "BenchmarkData" / "Resources" / "nb201.bin"
# Every measuring process of a test run shares its own host lock, not the machine's.
LOCK_ENV = {"HSCONAS_MEASURE_LOCK": "none"}
FAST = ["--warmup", "1", "--min-runs", "3", "--min-seconds", "0.01", "--attempts", "1", "--max-cv", "1"]
# A deterministic stand-in for the user's tool: the filled model's size in MB as the "latency".
SIZE_TOOL = f"{sys.executable} -c \"import os,sys; print('latency_ms=%.6f' % (os.path.getsize(sys.argv[1]) / 1e6))\" {{model}}"


def install(directory: Path, extra: str) -> Path:
    """A fresh venv (no system packages) with the project's Python folder pip-installed; a dependency
    missing from pyproject.toml makes the worker fail to start in every test that uses it."""
    source = directory / "src"
    shutil.copytree(REPO / "Python", source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__", "tests"))
    subprocess.run([sys.executable, "-m", "venv", str(directory / "venv")], check=True)
    python = directory / "venv" / "bin" / "python"
    done = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", f"{source}{extra}"],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"pip install {source}{extra} failed:\n{done.stdout}\n{done.stderr}"
    return directory / "venv" / "bin" / "hsconas-worker"


@pytest.fixture(scope="session")
def worker_ort(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install(tmp_path_factory.mktemp("venv-ort"), "[onnxruntime]")


@pytest.fixture(scope="session")
def worker_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install(tmp_path_factory.mktemp("venv-base"), "")


@pytest.fixture(scope="session", autouse=True)
def hsconas_binary() -> None:
    if not HSCONAS.exists():
        pytest.fail(f"{HSCONAS} is missing: build it first (swift build), or set HSCONAS_BIN")


class Child:
    """A process whose merged output is collected by a thread, so tests can wait for lines."""

    def __init__(self, arguments: List[str], log: Path, env: Optional[Dict[str, str]] = None) -> None:
        self.log = log
        self.lines: List[str] = []
        # The child's temporary files (a SIGKILLed worker's model cache) stay in the test's own folder.
        self.process = subprocess.Popen([str(a) for a in arguments], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, env={**os.environ, **LOCK_ENV, "TMPDIR": str(log.parent), **(env or {})})
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        with open(self.log, "w") as handle:
            for line in self.process.stdout:
                self.lines.append(line.rstrip("\n"))
                handle.write(line)
                handle.flush()

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, pattern: str, timeout: float, count: int = 1) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [line for line in list(self.lines) if re.search(pattern, line)]
            if len(found) >= count:
                return found[count - 1]
            if self.process.poll() is not None and not self.reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"no {count}× /{pattern}/ within {timeout} s; output:\n{self.output[-4000:]}")

    def wait(self, timeout: float) -> int:
        try:
            status = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(f"still running after {timeout} s; output:\n{self.output[-4000:]}") from None
        self.reader.join(timeout=5)
        return status

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def spos_config(directory: Path, target_ms: float, name: str = "thin") -> Path:
    path = directory / f"{name}.yaml"
    path.write_text(f"""
name: {name}
space: spos
strategy: hsconas
seed: 2
budget: 6
population: 4
parents: 2
targets:
  - device: thin_cpu
    runtime: remote
    max_latency_ms: {target_ms}
    model: none
channel_scaling: false
accuracy_settings:
  proxy_batch: "2"
fleet:
  bind: tcp://127.0.0.1:*
  heartbeat_ms: 500
  accuracy_workers: 1
output: {directory / 'unused'}
""")
    return path


def start_search(config: Path, output: Path, log: Path) -> Tuple[Child, str]:
    search = Child([HSCONAS, "search", "--config", config, "--output", output, "--quiet"], log)
    line = search.wait_for(r"coordinator listening on tcp://", 120)
    return search, re.search(r"(tcp://[0-9.]+:[0-9]+)", line).group(1)


def run_folder(output: Path) -> Path:
    (run,) = [entry for entry in output.iterdir() if entry.is_dir()]
    return run


def evaluations(output: Path) -> List[Dict[str, Any]]:
    with sqlite3.connect(run_folder(output) / "run.sqlite") as database:
        database.row_factory = sqlite3.Row
        return [dict(row) for row in database.execute("SELECT * FROM evaluation")]


def best(output: Path) -> Dict[str, Any]:
    result = json.loads((run_folder(output) / "result.json").read_text())
    # Device-seconds are wall-clock time on the device: the same run takes a little more or less.
    for cost in result.get("device_cost", {}).values():
        cost.pop("device_seconds", None)
    return {key: value for key, value in result.items() if key not in ("run", "store", "wall_seconds")}


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2 and (os.cpu_count() or 1) < 2, reason="needs two CPUs")
def test_a_worker_started_by_a_confined_parent_may_still_pin_to_any_online_cpu(worker_ort: Path) -> None:
    # hsconas keeps itself off the measuring CPUs before it starts some workers; they inherit that
    # narrowed affinity, and must still accept and pin to the measuring CPU (the thin-worker bench hung on it).
    python = worker_ort.parent / "python"
    script = (
        "import os; from hsconas_worker import harness; "
        "assert harness.parse_cpu_list('0-3,6') == [0, 1, 2, 3, 6]; "
        "os.sched_setaffinity(0, {0}); "
        "last = harness.online_cpus()[-1]; assert last >= 1, harness.online_cpus(); "
        "harness.Settings(cores=[last]).validate(); "
        "os.sched_setaffinity(0, {last}); print('pinned', sorted(os.sched_getaffinity(0)))"
    )
    done = subprocess.run([str(python), "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("pinned ["), done.stdout


def test_installed_package_has_the_worker_and_the_evaluator(worker_ort: Path) -> None:
    python = worker_ort.parent / "python"
    done = subprocess.run([str(python), "-c", "import hsconas_evaluator, hsconas_worker, zmq, numpy, onnxruntime; print(hsconas_worker.CAPABILITY)"],
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "onnx-model/1", done.stderr
    helped = subprocess.run([str(worker_ort), "--help"], capture_output=True, text=True)
    assert helped.returncode == 0 and "--coordinator" in helped.stdout and "--curve-key" in helped.stdout


def shipped_config(directory: Path) -> Path:
    """Configs/spos-thin-worker.yaml as shipped, on an ephemeral loopback port and with a short budget."""
    text = (REPO / "Configs" / "spos-thin-worker.yaml").read_text()
    replacements = {"bind: tcp://*:5555": "bind: tcp://127.0.0.1:*", "budget: 24": "budget: 6", "population: 8": "population: 4",
                    "parents: 3": "parents: 2", "heartbeat_ms: 1000": "heartbeat_ms: 500"}
    for old, new in replacements.items():
        assert old in text, f"Configs/spos-thin-worker.yaml no longer has '{old}'"
        text = text.replace(old, new)
    path = directory / "spos-thin-worker.yaml"
    path.write_text(text + "\naccuracy_settings:\n  proxy_batch: \"2\"\n")
    return path


def test_the_shipped_config_searches_spos_measured_by_a_thin_onnxruntime_worker(worker_ort: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    search, endpoint = start_search(shipped_config(tmp_path), output, tmp_path / "search.log")
    worker = Child([worker_ort, "--coordinator", endpoint, "--device", "rpi4-lab", "--runtime", "onnxruntime",
                    "--kinds", "latency,profile", "--id", "thin-ort", *FAST], tmp_path / "worker.log")
    try:
        assert search.wait(1200) == 0, search.output[-4000:]
    finally:
        worker.stop()
    assert "Traceback" not in worker.output, worker.output[-4000:]
    with sqlite3.connect(output / "profiles.sqlite") as database:
        (profiled,) = database.execute("SELECT COUNT(*) FROM operator_profile WHERE device = 'rpi4-lab'").fetchone()
    assert profiled == 353
    latencies = [row for row in evaluations(output) if row["metric"] == "latency_ms" and row["source"] == "measured"]
    assert len(latencies) >= 4
    for row in latencies:
        assert row["worker"] == "thin-ort" and row["device"] == "rpi4-lab"
        assert row["value"] is not None and 0.1 < row["value"] < 1000
        environment = json.loads(row["environment"])
        assert environment["runtime"] == "onnxruntime" and environment["runtime_version"].startswith("onnxruntime ")
        assert re.fullmatch(r"[0-9a-f]{64}", environment["model_sha256"])
        for field in ("cpu", "host", "cores", "threads", "batch", "mean_ms", "p10_ms", "p90_ms", "cv", "runs", "attempts"):
            assert environment[field], field
    # Different architectures are different models.
    assert len({json.loads(row["environment"])["model_sha256"] for row in latencies}) == len(latencies)


def test_sigkill_of_the_thin_worker_mid_search_leaves_the_result_undisturbed(worker_ort: Path, tmp_path: Path) -> None:
    command = ["--runtime", "command", "--command", SIZE_TOOL, "--pattern", r"latency_ms=([0-9.]+)"]
    # Filled spos models weigh roughly 10–40 MB, so a 22 "ms" target leaves some candidates out.
    reference = tmp_path / "reference"
    search, endpoint = start_search(spos_config(tmp_path, 22, "reference"), reference, tmp_path / "reference.log")
    worker = Child([worker_ort, "--coordinator", endpoint, "--device", "thin_cpu", *command], tmp_path / "w0.log")
    try:
        assert search.wait(600) == 0, search.output[-4000:]
    finally:
        worker.stop()

    disturbed = tmp_path / "disturbed"
    search, endpoint = start_search(spos_config(tmp_path, 22, "disturbed"), disturbed, tmp_path / "disturbed.log")
    first = Child([worker_ort, "--coordinator", endpoint, "--device", "thin_cpu", "--id", "first", *command], tmp_path / "w1.log")
    second: Optional[Child] = None
    try:
        first.wait_for(r"job .* answered", 300, count=3)
        first.process.send_signal(signal.SIGKILL)
        first.wait(10)
        second = Child([worker_ort, "--coordinator", endpoint, "--device", "thin_cpu", "--id", "second", *command], tmp_path / "w2.log")
        assert search.wait(600) == 0, search.output[-4000:]
    finally:
        first.stop()
        if second:
            second.stop()
    assert best(disturbed) == best(reference)
    workers = {row["worker"] for row in evaluations(disturbed) if row["metric"] == "latency_ms"}
    assert workers == {"first", "second"}
    assert [r for r in evaluations(disturbed) if r["value"] is None] == []


def test_a_wrong_curve_key_is_refused_and_an_allowed_one_served(worker_base: Path, tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    for name in ("coordinator", "worker", "stranger"):
        subprocess.run([str(HSCONAS), "keys", "generate", "--name", name, "--out", str(keys)], check=True, capture_output=True)
    shutil.copy(keys / "worker.pub", allowed / "worker.pub")
    config = tmp_path / "nb201.yaml"
    config.write_text("name: curve\nseed: 3\nbudget: 12\npopulation: 6\nparents: 2\n"
                      "targets:\n  - device: raspi4\n    max_latency_ms: 20\nfleet:\n  heartbeat_ms: 500\n")
    coordinator = Child([HSCONAS, "coordinator", "--config", config, "--bind", "tcp://127.0.0.1:*", "--output", tmp_path / "out",
                         "--curve-secret-key", keys / "coordinator.key", "--allow-keys", allowed], tmp_path / "coordinator.log")
    endpoint = re.search(r"(tcp://[0-9.]+:[0-9]+)", coordinator.wait_for("coordinator listening on", 60)).group(1)
    replay = ["--coordinator", endpoint, "--device", "raspi4", "--runtime", "replay", "--table", TABLE,
              "--coordinator-key", keys / "coordinator.pub"]
    stranger = Child([worker_base, *replay, "--curve-key", keys / "stranger.key"], tmp_path / "stranger.log")
    member: Optional[Child] = None
    try:
        coordinator.wait_for("refused a worker: its CURVE key is not on the allow-list", 30)
        time.sleep(2)
        assert "registered" not in stranger.output
        member = Child([worker_base, *replay, "--curve-key", keys / "worker.key", "--id", "member"], tmp_path / "member.log")
        assert coordinator.wait(300) == 0, coordinator.output[-4000:]
        assert "registered" in member.output and "registered" not in stranger.output
    finally:
        for child in (stranger, member, coordinator):
            if child:
                child.stop()


class FakeCoordinator:
    """A ROUTER socket speaking the protocol by hand, to feed a real worker bad model frames."""

    def __init__(self, port: int = 0) -> None:
        self.socket = zmq.Context.instance().socket(zmq.ROUTER)
        self.socket.setsockopt(zmq.LINGER, 0)
        if port:
            # A coordinator that just closed on this port lets go of it in the background.
            deadline = time.monotonic() + 10
            while True:
                try:
                    self.socket.bind(f"tcp://127.0.0.1:{port}")
                    break
                except zmq.ZMQError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            self.port = port
        else:
            self.port = self.socket.bind_to_random_port("tcp://127.0.0.1")
        self.identity = b""

    def receive(self, wanted: str, timeout: float = 30) -> Dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.socket.poll(100):
                self.identity, frame = self.socket.recv_multipart()
                message = json.loads(frame)
                if message["type"] == wanted:
                    return message["body"]
        raise AssertionError(f"no {wanted} within {timeout} s")

    def send(self, kind: str, body: Dict[str, Any], ident: str = "1") -> None:
        self.socket.send_multipart([self.identity, json.dumps({"v": 1, "type": kind, "id": ident, "body": body}).encode()])

    def close(self) -> None:
        self.socket.close()

    def restart(self, worker_id: str, coordinator_id: str, heartbeat_ms: int) -> "FakeCoordinator":
        """Closes this coordinator and binds the next one on its port; returns it once the worker said hello again
        and was welcomed."""
        self.close()
        fake = FakeCoordinator(self.port)
        assert fake.receive("hello", timeout=20)["worker_id"] == worker_id
        fake.send("welcome", {"coordinator_id": coordinator_id, "heartbeat_ms": heartbeat_ms})
        return fake


def weightless_model(channels: int = 16) -> Dict[str, Any]:
    """A small conv network as a coordinator ships it: the graph without its float weights."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    shape = numpy_helper.from_array(np.array([1, -1], dtype=np.int64), "shape")
    nodes = [helper.make_node("Conv", ["input", "conv.weight"], ["c"], pads=[1, 1, 1, 1]),
             helper.make_node("Reshape", ["c", "shape"], ["output"])]
    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 32, 32])],
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, channels * 32 * 32])],
                              initializer=[shape])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    data = model.SerializeToString()
    return {"format": "onnx-weightless/1", "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
            "data": base64.b64encode(data).decode(),
            "weights": {"seed": 1, "tensors": [{"name": "conv.weight", "dims": [channels, 3, 3, 3], "low": -0.2, "high": 0.2}]}}


def job(job_id: str, model: Optional[Dict[str, Any]], device: str = "fake") -> Dict[str, Any]:
    body = {"job_id": job_id, "kind": "latency", "space": "spos", "architecture": "k3:1.0", "device": device,
            "settings": {}, "deadline_ms": 0}
    if model is not None:
        body["model"] = model
    return body


def with_data(model: Dict[str, Any], data: bytes, **changes: Any) -> Dict[str, Any]:
    fields = {"data": base64.b64encode(data).decode(), "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    return {**model, **fields, **changes}


def test_corrupted_model_frames_get_failed_answers_and_the_worker_survives(worker_ort: Path, tmp_path: Path) -> None:
    fake = FakeCoordinator()
    # The worker's model cache goes to a temporary folder of its own, which it removes when it stops.
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    worker = Child([worker_ort, "--coordinator", f"tcp://127.0.0.1:{fake.port}", "--device", "fake", *FAST],
                   tmp_path / "worker.log", env={"TMPDIR": str(temporary)})
    try:
        hello = fake.receive("hello")
        assert hello["capabilities"] == ["onnx-model/1"] and hello["runtimes"] == ["onnxruntime"]
        fake.send("welcome", {"coordinator_id": "fake", "heartbeat_ms": 300})
        good = weightless_model()
        raw = base64.b64decode(good["data"])
        cases = {
            "truncated": ({**good, "data": base64.b64encode(raw[:-10]).decode()}, "truncated"),
            "oversized": ({**good, "size": 50 * 1024 * 1024}, "oversized"),
            "wrong-hash": ({**good, "sha256": "ab" * 32}, "wrong hash"),
            "not-onnx": (with_data(good, b"PK\x03\x04 this is a zip file, not a model" * 10), "not ONNX"),
            "not-base64": ({**good, "data": "@@@@"}, "not base64"),
            "bad-weights": ({**good, "weights": {"seed": 1, "tensors": [{"name": "w", "dims": [0], "low": 0, "high": 1}]}},
                            "model.weights.tensors[0].dims"),
            "no-model": (None, "carries no model"),
        }
        for job_id, (model, expected) in cases.items():
            fake.send("job", job(job_id, model), ident=job_id)
            answer = fake.receive("failed")
            assert answer["job_id"] == job_id and expected in answer["error"], answer
            assert answer["retryable"] is False
        fake.send("job", job("elsewhere", good, device="other"), ident="elsewhere")
        assert "sent to a 'fake' worker" in fake.receive("failed")["error"]
        assert worker.process.poll() is None
        fake.send("job", job("good", good), ident="good")
        result = fake.receive("result")
        assert result["job_id"] == "good" and result["source"] == "measured" and result["metrics"]["latency_ms"] > 0
        assert result["environment"]["model_sha256"] == good["sha256"]
        # The same model again comes from the worker's cache (same hash, same answer shape).
        fake.send("job", job("again", good), ident="again")
        assert fake.receive("result")["job_id"] == "again"

        # The search's measurement method travels with the job and replaces the worker's flags (FAST's 3 runs).
        method = {"warmup_runs": "0", "min_runs": "7", "min_seconds": "0", "max_cv": "100", "attempts": "1"}
        fake.send("job", {**job("method", good), "settings": method}, ident="method")
        result = fake.receive("result")
        assert result["job_id"] == "method" and result["environment"]["runs"] == "7", result
        worker.wait_for("timing by the search's measurement method .*min_runs=7", 10)
        # The strings the Swift worker refuses, refused alike (Tests/EngineTests/MeasurementMethodTests.swift).
        bad_methods = [("min_runs", "x", "a whole number"), ("max_cv", "0", "above 0"), ("min_seconds", "nan", "a number"),
                       ("attempts", "0", "at least 1"), ("min_runs", " 7", "a whole number"),
                       ("min_runs", "99999999999999999999", "a whole number"),
                       ("min_runs", "9223372036854775807", "at most 100000"), ("max_cv", "0x1p3", "a number"),
                       ("max_cv", "1_0.5", "a number"), ("min_seconds", "4000", "at most 3600"),
                       ("attempts", "101", "at most 100"), ("attempts", 2, "a whole number")]
        for index, (key, value, expected) in enumerate(bad_methods):
            fake.send("job", {**job(f"bad-{index}", good), "settings": {key: value}}, ident=f"bad-{index}")
            answer = fake.receive("failed")
            assert answer["error"] == f"invalid measurement setting settings.{key} '{value}': expected {expected}", answer
            assert answer["retryable"] is False

        # The coordinator restarts on the same port: the worker says hello again.
        fake = fake.restart(hello["worker_id"], "fake-2", 300)
        fake.send("job", job("after-restart", good), ident="after-restart")
        assert fake.receive("result")["job_id"] == "after-restart"
        worker.wait_for("registered with .* \\(coordinator fake-2\\)", 10)
        assert [path.name for path in temporary.glob("hsconas-worker-models-*/*.onnx")], "the cache holds the model"
        worker.stop()
        assert worker.process.returncode == 0, worker.output
        assert list(temporary.glob("hsconas-worker-models-*")) == [], "the stopped worker left its model cache behind"
    finally:
        worker.stop()
        fake.close()


def test_a_worker_without_its_runtime_refuses_shipped_models_clearly(worker_base: Path, tmp_path: Path) -> None:
    fake = FakeCoordinator()
    worker = Child([worker_base, "--coordinator", f"tcp://127.0.0.1:{fake.port}", "--device", "fake", "--runtime", "onnxruntime"],
                   tmp_path / "worker.log")
    try:
        hello = fake.receive("hello")
        assert hello["versions"]["onnxruntime"] == "onnxruntime (missing)"
        fake.send("welcome", {"coordinator_id": "fake", "heartbeat_ms": 300})
        fake.send("job", job("j1", weightless_model()), ident="j1")
        answer = fake.receive("failed")
        assert "runtime 'onnxruntime' is not installed on this worker" in answer["error"] and answer["retryable"] is False
        assert worker.process.poll() is None
    finally:
        worker.stop()
        fake.close()


def test_a_staying_worker_serves_the_next_coordinator_and_never_answers_the_last_ones_jobs(worker_ort: Path, tmp_path: Path) -> None:
    fake = FakeCoordinator()
    worker = Child([worker_ort, "--coordinator", f"tcp://127.0.0.1:{fake.port}", "--device", "fake", *FAST, "--stay"],
                   tmp_path / "worker.log")
    try:
        hello = fake.receive("hello")
        fake.send("welcome", {"coordinator_id": "fake", "heartbeat_ms": 200})
        model = weightless_model()
        fake.send("job", job("fast", model), ident="fast")
        assert fake.receive("result")["job_id"] == "fast"
        # A job timed over 30,000 runs (about 2 s) is under way, and another waits, when the coordinator says its
        # final bye (a minimum time would not do: runs stop at 1000 unless min_runs asks for more).
        slow = {"warmup_runs": "0", "min_runs": "30000", "min_seconds": "0", "max_cv": "100", "attempts": "1"}
        fake.send("job", {**job("old", model), "settings": slow}, ident="old")
        fake.send("job", job("queued", model), ident="queued")
        time.sleep(0.3)
        fake.send("bye", {"reason": "search finished", "reconnect": False})
        worker.wait_for("staying for the next coordinator", 10)
        fake = fake.restart(hello["worker_id"], "fake-2", 200)
        fake.send("job", job("new", model), ident="new")
        # Answers reach the socket in order: the old jobs' would come first.
        assert fake.receive("result")["job_id"] == "new"
        # Under way when the bye came (or, on a slow machine, not yet started): never answered either way.
        worker.wait_for("dropped (the answer to )?job old", 10)
        worker.wait_for("dropped job queued: its coordinator said bye before it started", 10)
        worker.wait_for("registered with .* \\(coordinator fake-2\\)", 10)
        assert worker.process.poll() is None
        worker.stop()
        assert worker.process.returncode == 0, worker.output
    finally:
        worker.stop()
        fake.close()


def test_a_command_timing_another_device_skips_the_host_lock_only_when_told(worker_ort: Path, tmp_path: Path) -> None:
    import fcntl

    lock_path = tmp_path / "measure.lock"
    command = ["--device", "fake", "--runtime", "command", "--command", SIZE_TOOL, "--pattern", r"latency_ms=([0-9.]+)"]
    refused = subprocess.run([str(worker_ort), "--coordinator", "tcp://127.0.0.1:1", "--device", "fake", "--no-host-lock"],
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and "--no-host-lock is for --runtime command" in refused.stderr, refused.stderr
    assert "not for --runtime onnxruntime" in refused.stderr
    # Another measuring process on this host holds the lock.
    holder = os.open(lock_path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)
    released = False
    fakes: List[FakeCoordinator] = []
    workers: List[Child] = []
    try:
        for name, extra in (("locked", []), ("unlocked", ["--no-host-lock"])):
            fake = FakeCoordinator()
            fakes.append(fake)
            workers.append(Child([worker_ort, "--coordinator", f"tcp://127.0.0.1:{fake.port}", *command, *extra, "--id", name],
                                 tmp_path / f"{name}.log", env={"HSCONAS_MEASURE_LOCK": str(lock_path)}))
            assert fake.receive("hello")["worker_id"] == name
            fake.send("welcome", {"coordinator_id": "fake", "heartbeat_ms": 300})
            fake.send("job", job(name, weightless_model()), ident=name)
        locked, unlocked = fakes
        # The phone's worker answers while the host is busy; the one timing on this host waits its turn.
        answer = unlocked.receive("result", timeout=60)
        assert answer["job_id"] == "unlocked" and answer["metrics"]["latency_ms"] > 0
        assert "host_lock" not in answer["environment"], answer["environment"]
        with pytest.raises(AssertionError, match="no result within"):
            locked.receive("result", timeout=1.5)  # heartbeats only
        fcntl.flock(holder, fcntl.LOCK_UN)
        released = True
        answer = locked.receive("result", timeout=60)
        assert answer["job_id"] == "locked" and answer["environment"]["host_lock"] == str(lock_path)
        assert float(answer["environment"]["lock_wait_ms"]) >= 1000, answer["environment"]
    finally:
        if not released:
            fcntl.flock(holder, fcntl.LOCK_UN)
        os.close(holder)
        for child in workers:
            child.stop()
        for fake in fakes:
            fake.close()


def test_a_command_worker_holds_a_job_while_its_device_is_unreachable_and_measures_it_once_back(worker_ort: Path, tmp_path: Path) -> None:
    unplugged = tmp_path / "unplugged"
    tool = tmp_path / "tool.sh"
    # adb's way of failing without its phone, and a model the phone itself refuses (over 10 kB; the small one is 2 kB).
    tool.write_text(f"""#!/bin/sh
test -e '{unplugged}' && {{ echo 'error: no devices/emulators found' >&2; exit 1; }}
test "$(wc -c < "$1")" -gt 10000 && {{ echo 'model too large for the NPU' >&2; exit 2; }}
echo 'latency_ms=5.0'
""")
    tool.chmod(0o755)
    refused = subprocess.run([str(worker_ort), "--coordinator", "tcp://127.0.0.1:1", "--device", "fake", "--device-wait", "5"],
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and "--device-wait '5' is for --runtime command" in refused.stderr, refused.stderr
    fake = FakeCoordinator()
    worker = Child([worker_ort, "--coordinator", f"tcp://127.0.0.1:{fake.port}", "--device", "fake", "--runtime", "command",
                    "--command", f"{tool} {{model}}", "--pattern", r"latency_ms=([0-9.]+)", "--device-wait", "120"],
                   tmp_path / "worker.log")
    try:
        fake.receive("hello")
        fake.send("welcome", {"coordinator_id": "fake", "heartbeat_ms": 300})
        small = weightless_model()
        fake.send("job", job("first", small), ident="first")
        first = fake.receive("result")
        assert first["metrics"]["latency_ms"] == 5.0 and "device_wait_ms" not in first["environment"], first
        # A model the device refuses while it still measures the earlier one: the job's own failure, answered at once.
        fake.send("job", job("too-large", weightless_model(channels=256)), ident="too-large")
        answer = fake.receive("failed", timeout=20)
        assert answer["job_id"] == "too-large" and "model too large for the NPU" in answer["error"], answer
        assert "seems unreachable" not in worker.output

        unplugged.touch()
        fake.send("job", job("while-away", small), ident="while-away")
        worker.wait_for(r"job while-away: the tool also failed on a model it measured before, so the device seems unreachable", 30)
        with pytest.raises(AssertionError, match="no failed within"):
            fake.receive("failed", timeout=2)  # held, not failed
        unplugged.unlink()
        answer = fake.receive("result", timeout=30)  # at the next try, 10 s later at most
        assert answer["job_id"] == "while-away" and answer["metrics"]["latency_ms"] == 5.0
        # How long it was held, so the coordinator leaves the wait out of the device's cost: unplugged 2 s and more.
        assert float(answer["environment"]["device_wait_ms"]) >= 2000, answer
        worker.wait_for(r"job while-away: the device answers again after", 5)

        # The coordinator's final bye while a job is held: nobody awaits it, and the worker exits at once.
        unplugged.touch()
        fake.send("job", job("at-bye", small), ident="at-bye")
        worker.wait_for(r"job at-bye: .* seems unreachable", 30)
        started = time.monotonic()
        fake.send("bye", {"reason": "search finished", "reconnect": False})
        assert worker.wait(10) == 0 and time.monotonic() - started < 5, worker.output

        # Stopped while it holds a job: it exits at once, with status 0.
        fake.close()
        fake = FakeCoordinator()
        worker = Child([worker_ort, "--coordinator", f"tcp://127.0.0.1:{fake.port}", "--device", "fake", "--runtime", "command",
                        "--command", f"{tool} {{model}}", "--pattern", r"latency_ms=([0-9.]+)"], tmp_path / "worker-2.log")
        fake.receive("hello")
        fake.send("welcome", {"coordinator_id": "fake", "heartbeat_ms": 300})
        unplugged.unlink()
        fake.send("job", job("measured", small), ident="measured")
        assert fake.receive("result")["job_id"] == "measured"
        unplugged.touch()
        fake.send("job", job("at-stop", small), ident="at-stop")
        worker.wait_for(r"job at-stop: .* seems unreachable", 30)
        started = time.monotonic()
        worker.stop()
        assert worker.process.returncode == 0 and time.monotonic() - started < 5, worker.output
    finally:
        worker.stop()
        fake.close()
