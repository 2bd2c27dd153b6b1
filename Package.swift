// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

// The engine's hand-written kernels (depthwise convolution, element-wise work) are plain loops
// and SIMD vectors over buffers the compiler planned. Release builds drop arithmetic overflow
// checks there (-Ounchecked: 8 % of a network's latency) and, on x86-64, target AVX2/FMA (every
// x86 server and desktop CPU since 2013) so a vector is one instruction, not two SSE halves.
// Other architectures (ARM boards) keep the compiler's defaults for the host.
#if arch(x86_64)
let engineTuning: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-target-cpu", "haswell"], .when(configuration: .release))]
#else
let engineTuning: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
#endif

// Debug builds (what `make test` runs) still optimise the modules whose loops do the numeric
// work — the engine's kernels, graph building, the NASWOT proxy, the latency models, the table
// reader every worker starts with. Unoptimised, one 32×32 NAS-Bench-201 network took ~130 ms
// instead of ~1 ms, so every test that measures or scores a network spent minutes of CPU and
// starved the tests beside it. Overflow checks stay on (-O, not -Ounchecked).
let optimisedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "hsconas",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hsconas", targets: ["hsconas"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        // The live page (--http): HTTP by Hummingbird, metrics in the Prometheus text format.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CZeroMQ",
            providers: [.apt(["libzmq3-dev"])]
        ),
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"], swiftSettings: strict),
        .systemLibrary(
            name: "COpenBLAS",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // oneDNN runs the engine's GEMMs on x86-64 (imported there only; see EngineGEMMLibrary).
        .systemLibrary(
            name: "CDNNL",
            providers: [.apt(["libdnnl-dev"])]
        ),
        .target(name: "Measurement", dependencies: ["COpenBLAS"], swiftSettings: strict),
        .target(
            name: "Engine",
            dependencies: ["COpenBLAS", "CDNNL", "SearchSpace"],
            swiftSettings: strict + engineTuning + optimisedInDebug
        ),
        .target(name: "SearchSpace", swiftSettings: strict + optimisedInDebug),
        .target(
            name: "BenchmarkData",
            dependencies: ["SearchSpace"],
            resources: [.copy("Resources")],
            swiftSettings: strict + optimisedInDebug
        ),
        // Generated from onnx.proto by Scripts/generate_onnx_swift.sh; committed, never edited.
        .target(
            name: "ONNX",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: strict
        ),
        .target(
            name: "ONNXExport",
            dependencies: ["ONNX", "SearchSpace", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: strict
        ),
        .target(
            name: "Runtimes",
            dependencies: ["Engine", "Measurement", "SearchSpace", "ONNXExport"],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .target(name: "Search", dependencies: ["SearchSpace"], swiftSettings: strict),
        // Cholesky factorisation, shared by the latency models' least squares and the NASWOT score.
        .target(name: "LinearAlgebra", swiftSettings: strict + optimisedInDebug),
        // Accuracy evaluation: the NASWOT proxy on the engine, the user's evaluator process. No
        // fleet types: the executors that answer jobs with them are in WorkerExecutors.
        .target(
            name: "Evaluators",
            dependencies: ["LinearAlgebra", "Engine", "SearchSpace", "Runtimes"],
            swiftSettings: strict + optimisedInDebug
        ),
        // The MLP's optimiser and ReLU loops run over every weight each step: same tuning as the engine.
        .target(
            name: "LatencyModel",
            dependencies: ["LinearAlgebra", "SearchSpace", "BenchmarkData", "Measurement", "COpenBLAS"],
            swiftSettings: strict + engineTuning + optimisedInDebug
        ),
        .target(
            name: "Store",
            dependencies: ["SearchSpace", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // The HTML report of a run, from its store alone.
        .target(
            name: "Report",
            dependencies: ["Store", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // The live page of a running search: /, /api/status, /metrics.
        .target(
            name: "Live",
            dependencies: [
                "Fleet", "Store", "Report",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The wire protocol, transport, CURVE security and the coordinator and worker loops; the
        // `JobExecutor` protocol the worker loop drives (its implementations are in WorkerExecutors).
        .target(
            name: "Fleet",
            dependencies: [
                "ZeroMQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: strict
        ),
        // Every worker-side executor: table replay, measuring, NASWOT proxy, the user's evaluator,
        // the accuracy/latency split, fault injection and the benchmarks' echo.
        .target(
            name: "WorkerExecutors",
            dependencies: [
                "Fleet", "Evaluators", "BenchmarkData", "SearchSpace", "Engine", "Measurement", "Runtimes",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The coordinator side of a search: configs, the search session and driver, latency screening,
        // operator profiling, model shipping to thin workers.
        .target(
            name: "Orchestrator",
            dependencies: [
                "Fleet", "Search", "SearchSpace", "BenchmarkData", "Store", "Measurement", "LatencyModel", "ONNXExport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        // `hsconas bench …`: benchmark, fuzz and load code, kept out of the modules a search runs.
        .target(
            name: "Benchmarks",
            dependencies: [
                "Orchestrator", "Fleet", "WorkerExecutors", "ZeroMQ", "Search", "SearchSpace", "BenchmarkData", "Store",
                "Measurement", "Runtimes", "LatencyModel",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "hsconas",
            dependencies: [
                "Orchestrator", "Fleet", "Search", "SearchSpace", "BenchmarkData", "Store", "Report", "Live", "ZeroMQ",
                "Engine", "Measurement", "Runtimes", "ONNXExport", "LatencyModel", "Evaluators", "WorkerExecutors",
                "Benchmarks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Shared by test targets: helpers such as running CPU-heavy work off the cooperative pool.
        .target(
            name: "TestSupport", dependencies: ["Measurement", .product(name: "Logging", package: "swift-log")], path: "Tests/TestSupport",
            swiftSettings: strict),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"], swiftSettings: strict),
        .testTarget(
            name: "SearchSpaceTests", dependencies: ["SearchSpace", "BenchmarkData", "TestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "SearchTests", dependencies: ["Search", "SearchSpace", "BenchmarkData", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "LatencyModelTests",
            // Benchmarks: LatencyBenchmarkTests shares this target's synthetic latencies.
            dependencies: ["LatencyModel", "SearchSpace", "BenchmarkData", "Measurement", "Benchmarks", "TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "StoreTests", dependencies: ["Store", "SearchSpace", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .testTarget(
            name: "LiveTests", dependencies: ["Live", "Fleet", "TestSupport", .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        .testTarget(
            name: "ReportTests", dependencies: ["Report", "Store", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
        .testTarget(
            name: "EngineTests",
            dependencies: [
                "Engine", "SearchSpace", "ONNXExport", "ONNX", "Runtimes", "Measurement", "WorkerExecutors", "Fleet", "TestSupport",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "FleetTests",
            dependencies: ["Fleet", "ZeroMQ", "SearchSpace", "BenchmarkData", "WorkerExecutors", "TestSupport"],
            swiftSettings: strict
        ),
        // The search driver against a scripted fleet, without workers or sockets.
        .testTarget(
            name: "OrchestratorTests",
            dependencies: [
                "Orchestrator", "Fleet", "Search", "SearchSpace", "Store", "TestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["Orchestrator", "hsconas", "Store", "Report", "SearchSpace", "BenchmarkData", "ZeroMQ", "Fleet", "Evaluators", "Benchmarks", "Runtimes", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EvaluatorsTests",
            dependencies: ["Evaluators", "WorkerExecutors", "Engine", "SearchSpace", "Fleet", "Measurement", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BenchmarksTests",
            dependencies: ["Benchmarks", "Fleet", "Orchestrator", "ZeroMQ", "TestSupport"],
            swiftSettings: strict
        ),
    ]
)
