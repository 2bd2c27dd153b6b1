"""`DeviceWait` on a fake device, with a 50 ms probe interval: the thin worker's hold of a job while the device behind
its `--runtime command` tool does not answer (the Swift worker's is tested in UnreachableDeviceWaitTests)."""
from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import List

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hsconas_worker.reachability import DeviceWait  # noqa: E402


class FakeDevice:
    def __init__(self) -> None:
        self.away = False
        self.probes: List[object] = []

    def probe(self, model: object) -> None:
        self.probes.append(model)
        if self.away:
            raise RuntimeError("error: no devices/emulators found")

    def back_after(self, seconds: float) -> None:
        threading.Timer(seconds, lambda: setattr(self, "away", False)).start()


def never() -> bool:
    return False


def timed(wait: DeviceWait, device: FakeDevice, **options: object) -> tuple:
    started = time.monotonic()
    back = wait.device_is_back("j", "error", device.probe, options.pop("abandoned", never), **options)  # type: ignore[arg-type]
    return back, time.monotonic() - started


def test_nothing_is_waited_for_before_a_first_measurement_or_when_the_failure_is_the_jobs_own() -> None:
    device, wait = FakeDevice(), DeviceWait(30, probe_seconds=0.05)
    assert timed(wait, device)[0] is False and device.probes == []
    wait.measured("good")
    back, took = timed(wait, device)  # the earlier model still measures
    assert back is False and took < 1 and device.probes == ["good"]
    assert DeviceWait(0).device_is_back("j", "e", device.probe, never) is False


def test_a_held_job_is_measured_once_the_device_answers_and_a_wait_that_runs_out_fails_the_next_at_once() -> None:
    device, wait = FakeDevice(), DeviceWait(0.6, probe_seconds=0.05)
    wait.measured("good")
    device.away = True
    device.back_after(0.25)
    back, took = timed(wait, device)
    assert back is True and took >= 0.2

    device.away = True
    back, took = timed(wait, device)
    assert back is False and took >= 0.6 and wait.gave_up
    probes = len(device.probes)
    back, took = timed(wait, device)
    assert back is False and took < 0.3 and len(device.probes) == probes, "no probe once a wait ran out"
    wait.measured("good")  # a success ends that
    back, took = timed(wait, device)
    assert back is False and took >= 0.6


def test_the_hold_ends_with_the_jobs_lease_and_when_its_coordinator_leaves() -> None:
    device, wait = FakeDevice(), DeviceWait(30, probe_seconds=0.05)
    wait.measured("good")
    device.away = True
    back, took = timed(wait, device, lease_left=0.3)
    assert back is False and 0.25 <= took < 5 and not wait.gave_up
    left = threading.Event()
    threading.Timer(0.3, left.set).start()
    back, took = timed(wait, device, abandoned=left.is_set)
    assert back is False and 0.25 <= took < 5 and not wait.gave_up
