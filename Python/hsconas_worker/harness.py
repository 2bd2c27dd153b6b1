"""The measuring method of hsconas's Swift harness (Sources/Measurement/LatencyHarness.swift), in Python.

Pin to the chosen cores, warm up, time single runs until both a minimum count and a minimum time are
reached, re-measure while the coefficient of variation is above the limit and keep the steadiest
attempt. Statistics: median, mean, p10/p90 with numpy's linear interpolation, CV with the sample
standard deviation; the environment fields are the Swift worker's.
"""
from __future__ import annotations

import fcntl
import math
import os
import re
import platform
import socket
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Dict, List, Optional, Tuple


def parse_cpu_list(text: str) -> List[int]:
    """CPUs of a kernel CPU list such as ``0-3,6``."""
    cpus: List[int] = []
    for part in text.strip().split(","):
        if not part:
            continue
        low, _, high = part.partition("-")
        cpus.extend(range(int(low), int(high or low) + 1))
    return sorted(set(cpus))


def online_cpus() -> List[int]:
    """The machine's online CPUs, the ones a worker may pin to.

    Not this process's inherited affinity: a parent that keeps itself off the measuring CPUs (as
    ``hsconas`` does when it starts local workers) hands its narrowed set to the children it
    starts, and pinning to a CPU outside it is still allowed.
    """
    try:
        with open("/sys/devices/system/cpu/online") as handle:
            cpus = parse_cpu_list(handle.read())
        if cpus:
            return cpus
    except (OSError, ValueError):
        pass
    return sorted(os.sched_getaffinity(0))


def default_cores(threads: int) -> List[int]:
    """The highest-numbered CPUs, one per thread: CPU 0 takes most interrupts and housekeeping."""
    available = online_cpus()
    return available[-min(max(threads, 1), len(available)):]


MOST_RUNS, MOST_SECONDS, MOST_ATTEMPTS = 100_000, 3600, 100
"""The most warm-up or timed runs, seconds per attempt and attempts one measurement may ask for."""


@dataclass
class Settings:
    warmup_runs: int = 3
    min_runs: int = 10
    min_seconds: float = 0.3
    max_runs: int = 1000
    max_cv: float = 0.05
    attempts: int = 3
    threads: int = 1
    batch: int = 1
    cores: List[int] = field(default_factory=list)

    def validate(self) -> None:
        """Raises ValueError naming the flag and its value, as the Swift worker does."""
        def fail(flag: str, value: object, expected: str) -> ValueError:
            return ValueError(f"--{flag} '{value}': expected {expected}")

        if self.warmup_runs < 0:
            raise fail("warmup", self.warmup_runs, "0 or more")
        if self.min_runs < 1:
            raise fail("min-runs", self.min_runs, "at least 1")
        if not self.min_seconds >= 0:
            raise fail("min-seconds", self.min_seconds, "0 or more")
        if not self.max_cv > 0:
            raise fail("max-cv", self.max_cv, "above 0")
        if self.attempts < 1:
            raise fail("attempts", self.attempts, "at least 1")
        # Upper bounds, the Swift harness's: a measurement must end, whatever a flag or a job asks for.
        if self.warmup_runs > MOST_RUNS:
            raise fail("warmup", self.warmup_runs, f"at most {MOST_RUNS}")
        if self.min_runs > MOST_RUNS:
            raise fail("min-runs", self.min_runs, f"at most {MOST_RUNS}")
        if self.max_runs > MOST_RUNS * 10:
            raise fail("max-runs", self.max_runs, f"at most {MOST_RUNS * 10}")
        if self.min_seconds > MOST_SECONDS:
            raise fail("min-seconds", self.min_seconds, f"at most {MOST_SECONDS}")
        if not math.isfinite(self.max_cv):
            raise fail("max-cv", self.max_cv, "a finite number")
        if self.attempts > MOST_ATTEMPTS:
            raise fail("attempts", self.attempts, f"at most {MOST_ATTEMPTS}")
        if self.threads < 1:
            raise fail("threads", self.threads, "at least 1")
        if self.batch < 1:
            raise fail("batch", self.batch, "at least 1")
        online = online_cpus()
        if not self.cores or any(core not in online for core in self.cores):
            raise fail("cores", ",".join(map(str, self.cores)), f"CPUs among {','.join(map(str, online))}")


METHOD_KEYS = {"warmup_runs": int, "min_runs": int, "min_seconds": float, "max_cv": float, "attempts": int}
"""The job-settings keys of a measurement method (a search config's `fleet.measurement`): a latency or profile job
carries them so that every worker of a search times by the search's method; cores, threads and batch stay the
worker's."""


class MethodError(ValueError):
    """A job's measurement method that cannot be used; the message names `settings.<key>` and the value."""


_FLAGS = {"warmup_runs": "warmup", "min_runs": "min-runs", "min_seconds": "min-seconds", "max_cv": "max-cv",
          "attempts": "attempts"}


def with_method(settings: Settings, job_settings: Dict[str, object]) -> Settings:
    """`settings` with the method a job's settings carry (keys it leaves out keep the worker's flags). Raises
    MethodError naming `settings.<key>` and the value, as the Swift worker does; both take the same strings."""
    changes: Dict[str, object] = {}
    for key, kind in METHOD_KEYS.items():
        if key not in job_settings:
            continue
        text = job_settings[key]
        value = _whole(text) if kind is int else _real(text)
        if value is None:
            raise MethodError(f"invalid measurement setting settings.{key} '{text}': expected "
                              f"{'a whole number' if kind is int else 'a number'}")
        changes[key] = value
    if "min_runs" in changes:
        changes["max_runs"] = max(1000, int(changes["min_runs"]))  # type: ignore[call-overload]
    applied = replace(settings, **changes)  # type: ignore[arg-type]
    try:
        applied.validate()
    except ValueError as error:
        # validate() names the flag and the parsed value; name the job's key and its text instead.
        for key, flag in _FLAGS.items():
            if key in changes and str(error).startswith(f"--{flag} '"):
                expected = str(error).split(": expected ", 1)[-1]
                raise MethodError(f"invalid measurement setting settings.{key} '{job_settings[key]}': expected {expected}") from None
        raise MethodError(str(error)) from None
    return applied


def _whole(text: object) -> Optional[int]:
    """A 64-bit whole number written as Swift's `Int(_:)` takes it (optional sign, ASCII digits), else None."""
    if not isinstance(text, str) or not re.fullmatch(r"[+-]?[0-9]+", text, re.ASCII):
        return None
    value = int(text)
    return value if -2**63 <= value < 2**63 else None


def _real(text: object) -> Optional[float]:
    """A finite number in plain decimal notation (no hex, inf, nan, spaces or underscores), else None."""
    if not isinstance(text, str) or not text or any(c not in "0123456789+-.eE" for c in text):
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def statistics(samples: List[float]) -> Dict[str, float]:
    ordered = sorted(samples)
    count = len(ordered)

    def percentile(fraction: float) -> float:
        position = fraction * (count - 1)
        low = int(position)
        high = min(low + 1, count - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (position - low)

    mean = sum(ordered) / count
    variance = sum((value - mean) ** 2 for value in ordered) / max(count - 1, 1)
    return {
        "median": percentile(0.5), "mean": mean, "p10": percentile(0.1), "p90": percentile(0.9),
        "minimum": ordered[0], "cv": (variance ** 0.5 / mean) if mean > 0 else 0.0, "samples": count,
    }


def measure(run: Callable[[], object], settings: Settings) -> Tuple[Dict[str, float], int]:
    """Times `run` by the method above; returns the steadiest attempt's statistics and the attempts made."""
    for _ in range(settings.warmup_runs):
        run()
    best: Optional[Dict[str, float]] = None
    attempts = 0
    while attempts < settings.attempts:
        attempts += 1
        samples: List[float] = []
        start = time.perf_counter_ns()
        elapsed = 0.0
        while len(samples) < settings.max_runs and (len(samples) < settings.min_runs or elapsed < settings.min_seconds):
            before = time.perf_counter_ns()
            run()
            after = time.perf_counter_ns()
            samples.append((after - before) / 1e6)
            elapsed = (after - start) / 1e9
        stats = statistics(samples)
        if best is None or stats["cv"] < best["cv"]:
            best = stats
        if stats["cv"] <= settings.max_cv:
            break
    assert best is not None
    return best, attempts


def cpu_model() -> str:
    """The CPU model as the kernel names it (`model name` on x86, `Model`/`Hardware` on ARM boards)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        lines = []
    for key in ("model name", "Model", "Hardware", "cpu model"):
        for line in lines:
            if line.startswith(key) and ":" in line:
                value = line.split(":", 1)[1].strip()
                if value:
                    return value
    return platform.machine()


def environment(
    device: str, runtime: str, version: str, settings: Settings, stats: Dict[str, float], attempts: int
) -> Dict[str, str]:
    """The Swift worker's environment fields, all strings."""
    return {
        "device": device, "runtime": runtime, "runtime_version": version, "cpu": cpu_model(),
        "host": socket.gethostname(), "cores": ",".join(map(str, settings.cores)), "threads": str(settings.threads),
        "batch": str(settings.batch), "mean_ms": repr(stats["mean"]), "p10_ms": repr(stats["p10"]),
        "p90_ms": repr(stats["p90"]), "cv": repr(stats["cv"]), "runs": str(int(stats["samples"])), "attempts": str(attempts),
    }


class HostLock:
    """The Swift workers' per-host `flock` (HSCONAS_MEASURE_LOCK, default /tmp/hsconas-measure.lock, `none`:
    off), held around each timed measurement so measuring processes on one machine take turns. `enabled=False`
    (--no-host-lock) skips it for a tool that times on another device."""

    DEFAULT_PATH = "/tmp/hsconas-measure.lock"

    def __init__(self, enabled: bool = True) -> None:
        configured = os.environ.get("HSCONAS_MEASURE_LOCK", "").strip()
        self.path: Optional[str] = None if configured == "none" or not enabled else (configured or self.DEFAULT_PATH)
        self.descriptor = -1
        self.fields: Dict[str, str] = {}

    def __enter__(self) -> "HostLock":
        self.fields = {}
        if self.path is None:
            return self
        asked = time.time()
        self.descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        fcntl.flock(self.descriptor, fcntl.LOCK_EX)
        self.acquired = time.time()
        self.fields = {"host_lock": self.path, "lock_wait_ms": f"{(self.acquired - asked) * 1000:.3f}",
                       "measured_from": f"{self.acquired:.6f}"}
        return self

    def __exit__(self, *exc: object) -> None:
        if self.descriptor >= 0:
            self.fields["measured_until"] = f"{time.time():.6f}"
            os.close(self.descriptor)  # closing drops the flock
            self.descriptor = -1
