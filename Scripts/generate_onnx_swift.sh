#!/usr/bin/env bash
# -----------------------------------------------------------------------------
# generate_onnx_swift.sh — regenerate Sources/ONNX/onnx.pb.swift
#
# Attribution
#   Sources/ONNX/onnx.pb.swift is generated from `onnx.proto`, the ONNX protobuf
#   schema (proto2, package `onnx`) as shipped in the PyPI package onnx==1.23.2.
#   onnx.proto is Copyright (c) ONNX Project Contributors and is licensed under
#   the Apache License, Version 2.0 (SPDX-License-Identifier: Apache-2.0;
#   https://github.com/onnx/onnx). The generated Swift file is a derived work of
#   that schema (its doc comments are copied from it) and is distributed under
#   the same license. The code generator is protoc-gen-swift from
#   apple/swift-protobuf 1.39.0 (Apache-2.0 with Runtime Library Exception).
#
# Pinned inputs (the output must match them byte for byte):
#   onnx.proto        : PyPI onnx==1.23.2  (<site-packages>/onnx/onnx.proto)
#   protoc-gen-swift  : https://github.com/apple/swift-protobuf tag 1.39.0
#   protoc options    : --swift_opt=Visibility=Public
#   runtime library   : SwiftProtobuf 1.39.0 (the generated file checks the API
#                       version at compile time; keep generator and runtime in step)
#
# Usage (from anywhere):
#   Scripts/generate_onnx_swift.sh
#
# What it does, on a fresh Debian machine with the Swift toolchain on PATH:
#   1. installs protobuf-compiler (and git) via apt if missing (sudo if not root);
#   2. uses `python3 -c 'import onnx'` if it is onnx 1.23.2, otherwise
#      pip-installs onnx==1.23.2 into a throw-away venv in the scratch folder;
#   3. clones swift-protobuf 1.39.0 into a scratch folder outside the repo
#      (under ${TMPDIR:-/tmp}) and builds protoc-gen-swift in release mode;
#   4. runs protoc and writes <repo>/Sources/ONNX/onnx.pb.swift.
#
# Environment knobs:
#   KEEP_SCRATCH=1   keep the scratch folder (path is printed) instead of deleting it
#   PYTHON=...       python interpreter to probe for onnx (default: python3)
# -----------------------------------------------------------------------------
set -euo pipefail

ONNX_VERSION="1.23.2"
SWIFT_PROTOBUF_VERSION="1.39.0"
SWIFT_PROTOBUF_URL="https://github.com/apple/swift-protobuf"
PYTHON="${PYTHON:-python3}"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${SCRIPT_DIR}/.." && pwd)"
OUT_DIR="${REPO_ROOT}/Sources/ONNX"
OUT_FILE="${OUT_DIR}/onnx.pb.swift"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

if [[ "$(id -u)" -eq 0 ]]; then SUDO=(); else SUDO=(sudo); fi

APT_UPDATED=0
apt_install() {
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install manually: $*"
    if [[ "${APT_UPDATED}" -eq 0 ]]; then
        "${SUDO[@]}" apt-get update -qq
        APT_UPDATED=1
    fi
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# --- scratch folder (outside the repo) ---------------------------------------
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/onnx-swift-gen.XXXXXX")"
cleanup() {
    if [[ "${KEEP_SCRATCH:-0}" == "1" ]]; then
        log "scratch folder kept: ${SCRATCH}"
    else
        rm -rf "${SCRATCH}"
        # SwiftPM leaves per-package lock files in the temp dir, named after the path.
        rm -f "${TMPDIR:-/tmp}/$(printf '%s' "${SCRATCH}/swift-protobuf" | tr / _)"_*.lock 2>/dev/null || true
    fi
}
trap cleanup EXIT
case "${SCRATCH}/" in
    "${REPO_ROOT}/"*) die "scratch folder ${SCRATCH} is inside the repo; set TMPDIR elsewhere" ;;
esac
log "scratch folder: ${SCRATCH}"

# --- tools --------------------------------------------------------------------
command -v swift >/dev/null 2>&1 || die "swift not found on PATH (install the Swift toolchain first)"
missing_pkgs=()
command -v protoc >/dev/null 2>&1 || missing_pkgs+=(protobuf-compiler)
command -v git >/dev/null 2>&1 || missing_pkgs+=(git)
if [[ ${#missing_pkgs[@]} -gt 0 ]]; then
    log "installing via apt: ${missing_pkgs[*]}"
    apt_install "${missing_pkgs[@]}"
fi
log "$(protoc --version)"

# --- onnx.proto from onnx==${ONNX_VERSION} ------------------------------------
onnx_dir_of() {
    # prints the onnx package dir if `$1` imports onnx at the pinned version
    "$1" - "${ONNX_VERSION}" <<'EOF' 2>/dev/null
import os, sys
import onnx
if onnx.__version__ != sys.argv[1]:
    sys.exit(1)
print(os.path.dirname(onnx.__file__))
EOF
}

ONNX_DIR=""
if command -v "${PYTHON}" >/dev/null 2>&1; then
    ONNX_DIR="$(onnx_dir_of "${PYTHON}" || true)"
fi
if [[ -z "${ONNX_DIR}" ]]; then
    log "onnx==${ONNX_VERSION} not importable with ${PYTHON}; pip-installing it into a scratch venv"
    if ! command -v python3 >/dev/null 2>&1 || ! python3 -m venv --help >/dev/null 2>&1 \
        || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
        apt_install python3 python3-venv python3-pip
    fi
    python3 -m venv "${SCRATCH}/venv"
    "${SCRATCH}/venv/bin/python" -m pip install --quiet --disable-pip-version-check "onnx==${ONNX_VERSION}"
    ONNX_DIR="$(onnx_dir_of "${SCRATCH}/venv/bin/python")" || die "onnx==${ONNX_VERSION} still not importable"
fi
[[ -f "${ONNX_DIR}/onnx.proto" ]] || die "no onnx.proto in ${ONNX_DIR}"
log "onnx.proto: ${ONNX_DIR}/onnx.proto"

# --- protoc-gen-swift ${SWIFT_PROTOBUF_VERSION} --------------------------------
log "building protoc-gen-swift ${SWIFT_PROTOBUF_VERSION} (release)"
git -c advice.detachedHead=false clone --quiet --branch "${SWIFT_PROTOBUF_VERSION}" \
    "${SWIFT_PROTOBUF_URL}" "${SCRATCH}/swift-protobuf"
swift build -c release --package-path "${SCRATCH}/swift-protobuf" --product protoc-gen-swift >&2
PLUGIN="$(swift build -c release --package-path "${SCRATCH}/swift-protobuf" --show-bin-path)/protoc-gen-swift"
[[ -x "${PLUGIN}" ]] || die "protoc-gen-swift not found at ${PLUGIN}"
plugin_version="$("${PLUGIN}" --version)"
[[ "${plugin_version}" == "protoc-gen-swift ${SWIFT_PROTOBUF_VERSION}" ]] \
    || die "unexpected plugin version: ${plugin_version}"
log "${plugin_version}"

# --- generate -------------------------------------------------------------------
mkdir -p "${SCRATCH}/out"
protoc \
    --plugin=protoc-gen-swift="${PLUGIN}" \
    --swift_opt=Visibility=Public \
    --swift_out="${SCRATCH}/out" \
    -I "${ONNX_DIR}" \
    onnx.proto
[[ -s "${SCRATCH}/out/onnx.pb.swift" ]] || die "protoc produced no onnx.pb.swift"

mkdir -p "${OUT_DIR}"
cp "${SCRATCH}/out/onnx.pb.swift" "${OUT_FILE}.tmp"
mv -f "${OUT_FILE}.tmp" "${OUT_FILE}"
log "wrote ${OUT_FILE#"${REPO_ROOT}/"} ($(wc -c <"${OUT_FILE}") bytes)"
