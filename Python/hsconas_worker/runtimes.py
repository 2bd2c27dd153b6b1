"""Runtimes that time a complete ONNX model file: ONNX Runtime, or the user's own tool."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import tempfile
from typing import Dict, Optional, Tuple

from . import harness


class RuntimeUnavailable(RuntimeError):
    """The runtime this worker was started with cannot run here (e.g. onnxruntime not installed)."""


class Measurement:
    def __init__(self, stats: Dict[str, float], attempts: int) -> None:
        self.stats = stats
        self.attempts = attempts


class OnnxRuntime:
    """ONNX Runtime with the Swift helper's session options: `threads` intra-op threads, sequential
    execution, all graph optimizations, the CPU provider; the measuring thread is pinned to the cores
    before the session exists, so the session's threads inherit the affinity."""

    name = "onnxruntime"

    def __init__(self) -> None:
        self.error: Optional[str] = None
        try:
            import onnxruntime  # optional dependency: pip install 'hsconas-worker[onnxruntime]'
            self.ort = onnxruntime
        except ImportError as error:
            self.ort = None
            self.error = (f"runtime 'onnxruntime' is not installed on this worker ({error}); "
                          "install it with pip install 'hsconas-worker[onnxruntime]' or start with another --runtime")

    @property
    def version(self) -> str:
        return f"onnxruntime {self.ort.__version__}" if self.ort else "onnxruntime (missing)"

    def measure(self, model_path: str, settings: harness.Settings, seed: int) -> Measurement:
        if self.ort is None:
            raise RuntimeUnavailable(self.error)
        import numpy as np

        os.sched_setaffinity(0, set(settings.cores))
        options = self.ort.SessionOptions()
        options.intra_op_num_threads = settings.threads
        options.inter_op_num_threads = 1
        options.execution_mode = self.ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = self.ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = self.ort.InferenceSession(model_path, options, providers=["CPUExecutionProvider"])
        spec = session.get_inputs()[0]
        shape = [dim if isinstance(dim, int) else settings.batch for dim in spec.shape]
        shape[0] = settings.batch
        values = np.random.default_rng(seed).uniform(-1, 1, size=shape).astype(np.float32)
        binding = session.io_binding()
        binding.bind_cpu_input(spec.name, values)
        binding.bind_output(session.get_outputs()[0].name)
        run = session.run_with_iobinding
        stats, attempts = harness.measure(lambda: run(binding), settings)
        return Measurement(stats, attempts)


class CommandRuntime:
    """The user's own tool (TFLite's benchmark_model, trtexec, …) on the model file, as the Swift worker's
    `--runtime command`: `{model}`, `{threads}`, `{batch}`, `{cores}` in the command line, the tool pinned
    to the cores, the figure the first group of `pattern` captures in its output, times `scale`."""

    name = "command"

    def __init__(self, template: str, pattern: str, scale: float = 1.0, timeout: float = 600.0) -> None:
        if "{model}" not in template:
            raise ValueError(f"--command '{template}': expected a command line with {{model}}")
        try:
            self.expression = re.compile(pattern)
        except re.error as error:
            raise ValueError(f"--pattern '{pattern}': expected a regular expression ({error})") from None
        if self.expression.groups < 1:
            raise ValueError(f"--pattern '{pattern}': expected a regular expression with a capture group around the figure")
        if not scale > 0:
            raise ValueError(f"--scale '{scale}': expected a positive factor")
        self.template, self.pattern, self.scale, self.timeout = template, pattern, scale, timeout

    @property
    def version(self) -> str:
        return f"command: {self.template}"

    def measure(self, model_path: str, settings: harness.Settings, seed: int) -> Measurement:
        command = (self.template.replace("{model}", shlex.quote(model_path))
                   .replace("{threads}", str(settings.threads)).replace("{batch}", str(settings.batch))
                   .replace("{cores}", ",".join(map(str, settings.cores))))
        with tempfile.TemporaryDirectory(prefix="hsconas-command-") as directory:
            cores = set(settings.cores)
            try:
                done = subprocess.run(
                    command, shell=True, cwd=directory, capture_output=True, text=True, errors="replace",
                    timeout=self.timeout, preexec_fn=lambda: os.sched_setaffinity(0, cores))
            except subprocess.TimeoutExpired:
                raise RuntimeError(f"'{command}' ran longer than {self.timeout} s and was stopped") from None
        if done.returncode != 0:
            raise RuntimeError(f"'{command}' exited with status {done.returncode}: {_tail(done.stderr or done.stdout)}")
        text = done.stdout + "\n" + done.stderr
        match = self.expression.search(text)
        if match is None:
            raise RuntimeError(f"'{command}' printed no figure matching /{self.pattern}/: {_tail(text)}")
        try:
            figure = float(match.group(1).strip())
        except ValueError:
            figure = float("nan")
        if not figure > 0 or figure == float("inf"):
            raise RuntimeError(f"'{match.group(1)}' matched /{self.pattern}/ but is not a positive number")
        return Measurement(harness.statistics([figure * self.scale]), 1)


def _tail(text: str, limit: int = 300) -> str:
    text = text.strip()
    return text if len(text) <= limit else "…" + text[-limit:]


def model_runtime(name: str, command: Optional[str], pattern: Optional[str], scale: float) -> Tuple[object, str]:
    """The runtime for `--runtime NAME` and its version string."""
    if name == "onnxruntime":
        runtime = OnnxRuntime()
        return runtime, runtime.version
    if name == "command":
        if not command or not pattern:
            raise ValueError("--runtime command needs --command 'tool … {model} …' and --pattern 'regex with (group)'")
        runtime = CommandRuntime(command, pattern, scale)
        return runtime, runtime.version
    raise ValueError(f"--runtime '{name}': expected onnxruntime, command or replay")
