// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "xborder",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "XBorder", targets: ["XBorder"]),
        // For the fuzz targets in Fuzz/, a package of its own that uses these by path.
        .library(name: "XBorderLedger", targets: ["XBorderLedger"]),
        .library(name: "XBorderScenarios", targets: ["XBorderScenarios"]),
        .library(name: "XBorderDocs", targets: ["XBorderDocs"]),
        .executable(name: "xborder", targets: ["xborder"]),
        .executable(name: "xborder-analyze", targets: ["xborder-analyze"]),
        .executable(name: "xborder-serve", targets: ["xborder-serve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The handbook's HTML (`xborder docs`), built as a typed tree that escapes text.
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
        // The decision service (`xborder serve`) and the shared PostgreSQL store: linked only by
        // xborder-serve, never by `xborder check`.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Tests only: property-based tests of the evaluator.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // MARK: library
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(
            name: "XBorder",
            dependencies: [
                "CYAML",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "XBorderLedger",
            dependencies: [
                "XBorder",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "XBorderScenarios",
            dependencies: ["XBorder"]
        ),
        // The bilingual handbook: its own target so that the engine does not link an HTML library.
        .target(
            name: "XBorderDocs",
            dependencies: ["XBorder", "XBorderScenarios", .product(name: "Plot", package: "Plot")]
        ),
        // Static analysis with an SMT solver, kept out of the `xborder` binary so that `check`
        // neither links nor loads libz3.
        .systemLibrary(
            name: "CZ3",
            pkgConfig: "z3",
            providers: [.apt(["libz3-dev"])]
        ),
        .target(
            name: "XBorderAnalysis",
            dependencies: ["XBorder", "XBorderScenarios", "CZ3"]
        ),

        // The ledger and audit trail on a shared PostgreSQL server (`--db postgres://…`), for
        // several desks or servers recording into one ledger.
        .target(
            name: "XBorderPostgres",
            dependencies: [
                "XBorder",
                "XBorderLedger",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The HTTP decision service and the desk's web page.
        .target(
            name: "XBorderService",
            dependencies: [
                "XBorder",
                "XBorderLedger",
                "XBorderScenarios",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // SIGHUP, for reloading the policies.
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // Comparing bearer tokens in constant time.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [
                .embedInCode("Page/index.html"),
                .embedInCode("Page/app.js"),
                .embedInCode("Page/style.css"),
                .embedInCode("openapi.yaml"),
            ]
        ),

        // MARK: tools
        // The commands, as a library shared by `xborder` and `xborder-serve`.
        .target(
            name: "XBorderCLI",
            dependencies: [
                "XBorder",
                "XBorderLedger",
                "XBorderScenarios",
                "XBorderDocs",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "xborder",
            dependencies: ["XBorderCLI"]
        ),
        // `xborder serve` and every command given a `postgres://` database run here.
        .executableTarget(
            name: "xborder-serve",
            dependencies: [
                "XBorderCLI",
                "XBorderService",
                "XBorderPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "xborder-analyze",
            dependencies: [
                "XBorder",
                "XBorderAnalysis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "xborder-bench",
            dependencies: ["XBorder"]
        ),

        // MARK: tests
        .testTarget(
            name: "XBorderTests",
            dependencies: ["XBorder", .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "XBorderLedgerTests", dependencies: ["XBorderLedger"]),
        .testTarget(name: "XBorderScenariosTests", dependencies: ["XBorderScenarios", "XBorder"]),
        .testTarget(name: "XBorderDocsTests", dependencies: ["XBorderDocs", "XBorderScenarios", "XBorder"]),
        .testTarget(name: "xborderTests", dependencies: ["XBorderCLI", "xborder"], exclude: ["Snapshots"]),
        .testTarget(name: "XBorderAnalysisTests", dependencies: ["XBorderAnalysis", "XBorder", "XBorderScenarios", "XBorderCLI", "xborder", "xborder-analyze"]),
        .testTarget(
            name: "XBorderServiceTests",
            dependencies: [
                "XBorderService", "XBorder", "XBorderLedger", "xborder-serve",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "XBorderPostgresTests", dependencies: ["XBorderPostgres", "XBorderLedger", "XBorder", "xborder-serve"]),
    ]
)
