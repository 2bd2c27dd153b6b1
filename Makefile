# hsconas — one-command set-up on a fresh Debian machine with the Swift toolchain.
#   make run    builds the tool and runs the quickstart cross-device search (Configs/quickstart.yaml)
#   make test   builds and runs the test suite
# Both install missing system packages first (with sudo when not root).

SWIFT ?= swift
APT_PACKAGES := libzmq3-dev libsqlite3-dev libopenblas-dev
# oneDNN runs the native engine's GEMMs on x86-64 (Debian's arm64 build has no JIT kernels; OpenBLAS there).
ifeq ($(shell uname -m),x86_64)
APT_PACKAGES += libdnnl-dev
endif
# chromium: the report test renders a real search's report headless (dump-dom and a screenshot).
TEST_APT_PACKAGES := chromium
CONFIG ?= Configs/quickstart.yaml

.PHONY: deps test-deps apt-install pydeps build install run test lint test-python test-netns bench-search bench-fleet bench-engine bench-thin clean

deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES) $(TEST_APT_PACKAGES)"

apt-install:
	@missing=""; \
	for package in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" -ne 0 ] && sudo=sudo; \
	  echo "installing:$$missing"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release --product hsconas

# The binary and its resource bundles (benchmark tables, the ONNX Runtime helper), side by side as it
# expects them, into $(PREFIX)/bin: where Cluster/systemd/hsconas-worker@.service looks for it.
PREFIX ?= /usr/local
install: build
	install -d $(PREFIX)/bin
	install -m 755 .build/release/hsconas $(PREFIX)/bin/hsconas
	cp -R .build/release/*.resources $(PREFIX)/bin/

run: build
	.build/release/hsconas search --config $(CONFIG)

# Python side: the protocol test runs a worker written in Python (Cluster/python_worker.py, pyzmq);
# the onnxruntime runtime and the engine's correctness tests use ONNX Runtime and onnx's checker;
# the live-page test parses /metrics with prometheus_client's parser; the thin worker's tests
# (Python/tests) run under pytest.
PY_PACKAGES := pyzmq onnxruntime onnx numpy prometheus_client pytest
pydeps:
	@python3 -c "import zmq, onnxruntime, onnx, numpy, prometheus_client, pytest" 2>/dev/null || python3 -m pip install --quiet $(PY_PACKAGES)

# Tests run at most TEST_WIDTH at a time (Swift Testing's parallelization width): many tests start
# real coordinator and worker processes, and with every test at once on a 2-core machine they
# starved each other past their stall limits. Twice the core count keeps both cores busy.
TEST_WIDTH ?= $(shell echo $$(( $$(nproc) * 2 )))
# The two products by name: `--build-tests` builds every product of every dependency as well
# (swift-protobuf's C++ protoc: hundreds of files), which the tests never use.
test: test-deps pydeps
	$(MAKE) lint
	$(SWIFT) build --product hsconas
	$(SWIFT) build --product hsconasPackageTests
	SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=$(TEST_WIDTH) $(SWIFT) test --skip-build
	$(MAKE) test-python
	$(MAKE) test-netns

# Docs/design.md §7: no force-unwrap, `try!` or implicitly unwrapped optional in Sources, and a `///`
# comment on every public declaration (generated protobuf code aside). swift-format, which ships with the
# toolchain, checks only those four rules (.swift-format-lint.json); its layout warnings are not ours to
# follow, so only the rules' lines count.
LINT_RULES := NeverForceUnwrap|NeverUseForceTry|NeverUseImplicitlyUnwrappedOptionals|AllPublicDeclarationsHaveDocumentation
lint:
	@if ! $(SWIFT) format --version >/dev/null 2>&1; then echo "lint: SKIPPED (this toolchain has no swift-format)"; exit 0; fi; \
	output=$$($(SWIFT) format lint --configuration .swift-format-lint.json --recursive Sources 2>&1) \
	  || { echo "$$output" | grep -v '\] ' | head -5; echo "lint: swift-format failed (its errors above), so nothing was checked"; exit 1; }; \
	found=$$(echo "$$output" | grep -E '\[($(LINT_RULES))\]' | grep -v '/ONNX/onnx.pb.swift:' || true); \
	if [ -n "$$found" ]; then echo "$$found"; echo "lint: Sources break Docs/design.md §7 (force-unwraps, or public API without a /// comment)"; exit 1; fi; \
	echo "lint: no force-unwrap, try! or implicitly unwrapped optional in Sources, and every public declaration documented"

# The thin worker (Python/, pip-installed into fresh virtual environments by the tests themselves)
# against real hsconas processes over loopback; needs .build/debug/hsconas. A failure fails `make test`.
test-python: pydeps
	python3 -m pytest Python/tests -q -p no:cacheprovider

# The multi-host test: coordinator and workers in their own network namespaces, one worker's link
# cut for longer than the heartbeat timeout (Cluster/netns-search.sh). Needs root and iproute2;
# skipped with a message otherwise.
test-netns:
	@if [ "$$(id -u)" -ne 0 ]; then \
	  echo "test-netns: SKIPPED (needs root for network namespaces; run 'sudo make test-netns')"; \
	elif ! command -v ip >/dev/null 2>&1; then \
	  echo "test-netns: SKIPPED (needs 'ip' from iproute2: apt-get install iproute2)"; \
	else \
	  [ -x .build/debug/hsconas ] || $(SWIFT) build --product hsconas; \
	  Cluster/netns-search.sh .build/debug/hsconas; \
	fi

bench-search: build
	.build/release/hsconas bench search

bench-fleet: build
	.build/release/hsconas bench fleet

bench-engine: build pydeps
	.build/release/hsconas bench engine

# The thin worker's ONNX Runtime figures against the Swift worker's, interleaved (the checkout's
# Python/ package, so nothing needs installing).
bench-thin: build pydeps
	PYTHONPATH=$(CURDIR)/Python .build/release/hsconas bench thin-worker --thin-worker 'python3 -m hsconas_worker'

clean:
	rm -rf .build runs
