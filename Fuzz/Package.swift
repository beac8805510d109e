// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets for xborder's readers, kept out of the root package so that its `swift build`
// and `swift test` never see sanitizer flags. Build and run with `Fuzz/run.sh` (see README.md).
let package = Package(
    name: "xborder-fuzz",
    dependencies: [
        .package(name: "xborder", path: ".."),
    ],
    targets: [
        .target(name: "CFuzzerDriver"),
        .target(
            name: "FuzzSupport",
            dependencies: ["CFuzzerDriver", .product(name: "XBorder", package: "xborder")]
        ),
        .executableTarget(name: "fuzz-yaml", dependencies: ["FuzzSupport", .product(name: "XBorder", package: "xborder")]),
        .executableTarget(name: "fuzz-flow", dependencies: ["FuzzSupport", .product(name: "XBorder", package: "xborder")]),
        .executableTarget(name: "fuzz-jsonflow", dependencies: ["FuzzSupport", .product(name: "XBorder", package: "xborder")]),
        .executableTarget(name: "fuzz-policy", dependencies: ["FuzzSupport", .product(name: "XBorder", package: "xborder")]),
        .executableTarget(
            name: "fuzz-suite",
            dependencies: ["FuzzSupport", .product(name: "XBorder", package: "xborder"), .product(name: "XBorderScenarios", package: "xborder")]
        ),
        .executableTarget(name: "fuzz-bundle", dependencies: ["FuzzSupport", .product(name: "XBorder", package: "xborder")]),
        .executableTarget(
            name: "fuzz-record",
            dependencies: ["FuzzSupport", .product(name: "XBorder", package: "xborder"), .product(name: "XBorderLedger", package: "xborder")]
        ),
    ]
)
