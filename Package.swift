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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The handbook's HTML (`xborder docs`), built as a typed tree that escapes text.
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
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

        // MARK: tools
        .executableTarget(
            name: "xborder",
            dependencies: [
                "XBorder",
                "XBorderLedger",
                "XBorderScenarios",
                "XBorderDocs",
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
        .testTarget(name: "xborderTests", dependencies: ["xborder"], exclude: ["Snapshots"]),
        .testTarget(name: "XBorderAnalysisTests", dependencies: ["XBorderAnalysis", "XBorder", "XBorderScenarios", "xborder", "xborder-analyze"]),
    ]
)
