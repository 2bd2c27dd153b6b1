"""Waiting out a device that stopped answering (a phone unplugged, a board rebooting) behind a `--runtime command`
tool, instead of failing every job sent while it is away."""
from __future__ import annotations

import logging
import time
from typing import Callable

log = logging.getLogger("hsconas-worker")


class DeviceWait:
    """After the tool fails on a job, runs it on the last model it measured. If that fails too, the device is taken to
    be unreachable: the job is held, and the earlier model tried every `probe_seconds`, for up to `limit_seconds`. Once
    the device answers, the held job is measured again; if it never does, the job is answered failed and later
    failures are answered at once, until a measurement succeeds again. `limit_seconds` 0 turns the wait off."""

    def __init__(self, limit_seconds: float, stopping: Callable[[], bool], probe_seconds: float = 10.0) -> None:
        self.limit_seconds, self.stopping, self.probe_seconds = limit_seconds, stopping, probe_seconds
        self.last_good: object = None  # the last model the tool measured, for the probe
        self.gave_up = False

    def measured(self, model: object) -> None:
        """The tool measured `model`: the device answers."""
        self.last_good, self.gave_up = model, False

    def device_is_back(self, job_id: str, error: str, probe: Callable[[object], None]) -> bool:
        """True when the device was away and answers again, so the failed job is worth measuring again; False when the
        failure is the job's own (the earlier model still measures), when waiting is off, or when the device stayed
        away. `probe` measures a model and raises when the tool fails."""
        if self.limit_seconds <= 0 or self.last_good is None or self._answers(probe):
            return False
        if self.gave_up:
            return False
        log.warning("job %s: the tool also failed on a model it measured before, so the device seems unreachable (%s); "
                    "holding the job and trying that model every %g s for up to %g s (--device-wait)",
                    job_id, error, self.probe_seconds, self.limit_seconds)
        started = time.monotonic()
        while time.monotonic() - started < self.limit_seconds:
            pause_until = time.monotonic() + min(self.probe_seconds, self.limit_seconds - (time.monotonic() - started))
            while time.monotonic() < pause_until:
                if self.stopping():
                    return False
                time.sleep(0.1)
            if self._answers(probe):
                log.info("job %s: the device answers again after %.0f s; measuring the job again", job_id,
                         time.monotonic() - started)
                return True
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
