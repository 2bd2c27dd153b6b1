"""Models shipped in `job.model`: checked, filled with weights drawn from a seed, cached by content hash.

The coordinator sends the ONNX graph without its float weight values (format `onnx-weightless/1`) and,
per weight tensor, its name, dimensions and the range its values lie in. Latency of a dense network does
not depend on the values, so the worker draws them uniformly in that range from the job's seed and
appends them to the graph as protobuf `initializer` fields: protobuf merges a repeated embedded message,
so `model bytes + field 7 {field 5 tensor…}` is the same model with its initializers, and no ONNX
library is needed on the device.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import os
import shutil
import tempfile
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Dict, List, Tuple

import numpy as np

FORMAT = "onnx-weightless/1"
#: Largest graph accepted (raw bytes): its base64 and the weight list fit a 1 MiB envelope.
MAX_MODEL_BYTES = 700 * 1024
#: Largest total number of weight values a model may ask to be filled (4 GiB of float32).
MAX_WEIGHT_VALUES = 1 << 30


class ModelError(ValueError):
    """A shipped model that cannot be used; the message names the field and the problem."""


@dataclass(frozen=True)
class WeightSpec:
    name: str
    dims: Tuple[int, ...]
    low: float
    high: float


@dataclass(frozen=True)
class ShippedModel:
    data: bytes
    sha256: str
    seed: int
    weights: Tuple[WeightSpec, ...]

    @property
    def cache_key(self) -> str:
        """The content hash of the graph and of how its weights are filled."""
        manifest = json.dumps([self.seed, [[w.name, list(w.dims), w.low, w.high] for w in self.weights]])
        return hashlib.sha256(self.sha256.encode() + manifest.encode()).hexdigest()


def _require(body: Dict[str, Any], field: str, kind: Any, path: str = "model") -> Any:
    if field not in body:
        raise ModelError(f"field '{path}.{field}' is missing")
    value = body[field]
    if isinstance(value, bool) or not isinstance(value, kind):
        expected = getattr(kind, "__name__", "number")
        raise ModelError(f"field '{path}.{field}' must be {expected}, got {type(value).__name__} {str(value)[:40]!r}")
    return value


def decode(payload: Any, limit: int = MAX_MODEL_BYTES) -> ShippedModel:
    """Checks a `job.model` object; raises ModelError naming the first problem."""
    if not isinstance(payload, dict):
        raise ModelError(f"field 'model' must be an object, got {type(payload).__name__}")
    form = _require(payload, "format", str)
    if form != FORMAT:
        raise ModelError(f"field 'model.format': unsupported format {form[:60]!r} (this worker reads {FORMAT!r})")
    size = _require(payload, "size", int)
    if size > limit:
        raise ModelError(f"field 'model.size': model of {size} bytes is oversized (this worker takes at most {limit})")
    text = _require(payload, "data", str)
    if len(text) > 4 * (limit // 3 + 1):
        raise ModelError(f"field 'model.data': {len(text)} base64 characters is oversized (at most {limit} bytes)")
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ModelError(f"field 'model.data' is not base64 ({error})") from None
    if len(data) != size:
        raise ModelError(f"field 'model.data' is truncated: {len(data)} bytes where 'model.size' says {size}")
    expected = _require(payload, "sha256", str).lower()
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise ModelError(f"field 'model.sha256': wrong hash, the data hashes to {actual}, the job says {expected[:64]}")
    check_onnx(data)
    weights = _require(payload, "weights", dict)
    seed = _require(weights, "seed", int, "model.weights")
    specs: List[WeightSpec] = []
    total = 0
    for index, entry in enumerate(_require(weights, "tensors", list, "model.weights")):
        path = f"model.weights.tensors[{index}]"
        if not isinstance(entry, dict):
            raise ModelError(f"field '{path}' must be an object")
        dims = _require(entry, "dims", list, path)
        if not all(isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in dims):
            raise ModelError(f"field '{path}.dims' must be positive integers, got {dims[:8]}")
        low, high = (float(_require(entry, key, (int, float), path)) for key in ("low", "high"))
        if not (math.isfinite(low) and math.isfinite(high) and low <= high):
            raise ModelError(f"field '{path}': low {low} and high {high} must be finite with low <= high")
        total += int(np.prod(dims)) if dims else 1
        if total > MAX_WEIGHT_VALUES:
            raise ModelError(f"field '{path}.dims': the weights are oversized (more than {MAX_WEIGHT_VALUES} values)")
        specs.append(WeightSpec(_require(entry, "name", str, path), tuple(dims), low, high))
    return ShippedModel(data=data, sha256=actual, seed=seed, weights=tuple(specs))


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _read_varint(data: bytes, offset: int) -> Tuple[int, int]:
    value, shift = 0, 0
    while offset < len(data) and shift < 64:
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, offset
        shift += 7
    raise ModelError(f"field 'model.data' is not ONNX: broken varint at byte {offset}")


def check_onnx(data: bytes) -> None:
    """A structural check of a serialized ONNX ModelProto: well-formed protobuf at the top level with
    `ir_version` (field 1), a `graph` (field 7) and an `opset_import` (field 8)."""
    seen = set()
    offset = 0
    while offset < len(data):
        key, offset = _read_varint(data, offset)
        number, wire = key >> 3, key & 7
        if number == 0 or wire not in (0, 1, 2, 5):
            raise ModelError(f"field 'model.data' is not ONNX: bad protobuf key {key} at byte {offset}")
        if wire == 0:
            _, offset = _read_varint(data, offset)
        elif wire == 1:
            offset += 8
        elif wire == 5:
            offset += 4
        else:
            length, offset = _read_varint(data, offset)
            offset += length
        if offset > len(data):
            raise ModelError(f"field 'model.data' is not ONNX: field {number} runs past the end ({len(data)} bytes)")
        seen.add((number, wire))
    missing = [name for name, field in (("ir_version", (1, 0)), ("graph", (7, 2)), ("opset_import", (8, 2))) if field not in seen]
    if missing:
        raise ModelError(f"field 'model.data' is not ONNX: no {', '.join(missing)}")


def _length_delimited(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _tensor(spec: WeightSpec, values: np.ndarray) -> bytes:
    dims = b"".join(_varint(1 << 3) + _varint(d) for d in spec.dims)  # TensorProto.dims (field 1)
    data_type = _varint(2 << 3) + _varint(1)  # TensorProto.data_type = FLOAT
    return dims + data_type + _length_delimited(8, spec.name.encode()) + _length_delimited(9, values.astype("<f4").tobytes())


def filled(model: ShippedModel) -> bytes:
    """The complete model: the shipped graph plus its initializers drawn from the seed."""
    generator = np.random.default_rng(model.seed)
    initializers = b"".join(
        _length_delimited(5, _tensor(spec, generator.uniform(spec.low, spec.high, size=int(np.prod(spec.dims)))))
        for spec in model.weights
    )
    return model.data + _length_delimited(7, initializers)  # ModelProto.graph (field 7), merged


class ModelCache:
    """Filled models on disk by content hash; the least recently used beyond `capacity` are deleted."""

    def __init__(self, directory: str = "", capacity: int = 8) -> None:
        # A folder of our own is removed by close(); a folder the user named is theirs to keep.
        self.owns_directory = not directory
        self.directory = directory or tempfile.mkdtemp(prefix="hsconas-worker-models-")
        os.makedirs(self.directory, exist_ok=True)
        self.capacity = capacity
        self.entries: "OrderedDict[str, str]" = OrderedDict()
        self.hits = 0

    def path(self, model: ShippedModel) -> str:
        key = model.cache_key
        if key in self.entries and os.path.exists(self.entries[key]):
            self.entries.move_to_end(key)
            self.hits += 1
            return self.entries[key]
        path = os.path.join(self.directory, f"{key[:32]}.onnx")
        temporary = path + ".part"
        with open(temporary, "wb") as handle:
            handle.write(filled(model))
        os.replace(temporary, path)
        self.entries[key] = path
        while len(self.entries) > self.capacity:
            _, old = self.entries.popitem(last=False)
            try:
                os.remove(old)
            except OSError:
                pass
        return path

    def close(self) -> None:
        """Removes the cache's folder when it made it itself (no --cache-dir)."""
        if self.owns_directory:
            shutil.rmtree(self.directory, ignore_errors=True)
