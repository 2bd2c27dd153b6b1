"""The hsconas evaluator protocol, so an accuracy evaluator is one Python function.

    from hsconas_evaluator import serve

    def evaluate(space, architecture, settings):
        return {"valid_accuracy": 71.2, "test_accuracy": 70.8}

    if __name__ == "__main__":
        serve(evaluate)

Run it with ``hsconas worker --kinds accuracy --evaluator command
--evaluator-command 'python3 my_eval.py'``. The worker starts the script once and keeps it
running (load your model once, at start-up); see Docs/evaluators.md for the wire format.

- Standard library only (no numpy, no torch needed here).
- ``print()`` inside ``evaluate`` is safe: while ``serve`` runs, ``sys.stdout`` is the worker's
  log (the process's stderr); only protocol lines reach the real stdout.
- An exception in ``evaluate`` answers ``{"id", "error"}`` for that job; the process keeps
  serving. The returned dict must hold ``valid_accuracy`` and only finite numbers.
"""

import json
import math
import sys

__all__ = ["serve", "PROTOCOL_VERSION"]

PROTOCOL_VERSION = 1


def _metrics(result):
    if not isinstance(result, dict):
        raise TypeError("evaluate() must return a dict of metrics, got %s" % type(result).__name__)
    metrics = {}
    for name, value in result.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            # numpy and torch scalars have __float__; anything else is a mistake.
            if hasattr(value, "__float__") and not isinstance(value, (bool, str, bytes)):
                value = float(value)
            else:
                raise TypeError("metric %r is %r, not a number" % (name, value))
        value = float(value)
        if not math.isfinite(value):
            raise ValueError("metric %r is %r, not a finite number" % (name, value))
        metrics[str(name)] = value
    if "valid_accuracy" not in metrics:
        raise ValueError("evaluate() must return at least 'valid_accuracy'")
    return metrics


def serve(evaluate, name=None, version=None, stdin=None, stdout=None):
    """Answers hsconas evaluation requests with ``evaluate(space, architecture, settings)``
    until stdin closes. ``name`` and ``version`` are recorded with every result."""
    protocol_out = stdout if stdout is not None else sys.stdout
    requests = stdin if stdin is not None else sys.stdin
    # User code that prints must not corrupt the protocol stream: send it to the log.
    saved_stdout = sys.stdout
    sys.stdout = sys.stderr

    def send(message):
        protocol_out.write(json.dumps(message, allow_nan=False) + "\n")
        protocol_out.flush()

    try:
        ready = {"ready": True, "protocol": PROTOCOL_VERSION}
        if name is not None:
            ready["name"] = str(name)
        if version is not None:
            ready["version"] = str(version)
        send(ready)
        for line in requests:
            line = line.strip()
            if not line:
                continue
            try:
                request = json.loads(line)
                job_id = request["id"]
            except (ValueError, KeyError, TypeError) as error:
                sys.stderr.write("hsconas_evaluator: unreadable request %r: %s\n" % (line[:200], error))
                sys.stderr.flush()
                continue
            try:
                result = evaluate(request.get("space", ""), request.get("architecture", ""), request.get("settings") or {})
                send({"id": job_id, "metrics": _metrics(result)})
            except Exception as error:  # the job fails, the evaluator keeps serving
                send({"id": job_id, "error": "%s: %s" % (type(error).__name__, error)})
    finally:
        sys.stdout = saved_stdout
