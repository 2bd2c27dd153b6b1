"""Waiting out a device that stopped answering (a phone unplugged, a board rebooting) behind a `--runtime command`
tool, instead of failing every job sent while it is away."""
from __future__ import annotations

import logging
import time
from typing import Callable, Optional

log = logging.getLogger("hsconas-worker")

#: The longest --device-wait taken, in seconds: a week.
LONGEST_WAIT = 604800.0


class DeviceWait:
    """After the tool fails on a job, runs it on the last model it measured. If that fails too, the device is taken to
    be unreachable: the job is held, and the earlier model tried every `probe_seconds`, for up to `limit_seconds`. Once
    the device answers, the held job is measured again; if it never does, the job is answered failed, and so are later
    failures, at once, until a measurement succeeds again. A failure on a model the device refuses while it still
    measures the earlier one is the job's own, answered at once (it costs that one extra tool run). Nothing is waited
    for before the first model is measured. `limit_seconds` 0 turns the wait off. The Swift worker's
    `UnreachableDeviceWait` does the same."""

    def __init__(self, limit_seconds: float, probe_seconds: float = 10.0) -> None:
        self.limit_seconds, self.probe_seconds = limit_seconds, probe_seconds
        self.last_good: object = None  # the last model the tool measured, for the probe
        self.gave_up = False  # a wait ran its full limit

    def measured(self, model: object) -> None:
        """The tool measured `model`: the device answers."""
        self.last_good, self.gave_up = model, False

    def device_is_back(self, job_id: str, error: str, probe: Callable[[object], None], abandoned: Callable[[], bool],
                       lease_left: Optional[float] = None) -> bool:
        """True when the device was away and answers again, so the failed job is worth measuring again; False when
        waiting is off, nothing was measured yet, an earlier wait ran out, the failure is the job's own (the earlier
        model still measures) or the device stayed away. The hold ends early, with False, when the job's lease runs
        out (`lease_left` seconds: the coordinator then sends it again) or `abandoned()` says its coordinator left or
        the worker is stopping. `probe` measures a model and raises when the tool fails."""
        if self.limit_seconds <= 0 or self.last_good is None or self.gave_up or self._answers(probe):
            return False
        hold = self.limit_seconds if lease_left is None else min(self.limit_seconds, lease_left)
        log.warning("job %s: the tool also failed on a model it measured before, so the device seems unreachable (%s); "
                    "holding the job and trying that model every %g s for up to %.0f s (--device-wait)",
                    job_id, error, self.probe_seconds, hold)
        started = time.monotonic()
        while time.monotonic() - started < hold:
            pause_until = min(time.monotonic() + self.probe_seconds, started + hold)
            while time.monotonic() < pause_until:
                if abandoned():
                    return False
                time.sleep(0.05)
            if abandoned():
                return False
            if self._answers(probe):
                log.info("job %s: the device answers again after %.0f s; measuring the job again", job_id,
                         time.monotonic() - started)
                return True
        if hold < self.limit_seconds:
            log.warning("job %s: the job's lease ran out while the device was away; the coordinator sends it again", job_id)
            return False
        self.gave_up = True
        log.warning("job %s: the device did not answer for %g s; answering its jobs failed until a measurement "
                    "succeeds again", job_id, self.limit_seconds)
        return False

    def _answers(self, probe: Callable[[object], None]) -> bool:
        try:
            probe(self.last_good)
            return True
        except Exception:  # the tool failed on a model it measured before
            return False
