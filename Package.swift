// swift-tools-version: 6.2
import PackageDescription

/// Every target of this package builds with warnings as errors (zero warnings is a house
/// rule); SwiftPM applies it to this package's targets only, never to the dependencies.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "PenguinOps",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pmops", targets: ["pmops"]),
        // For the fuzz package (Fuzz/Package.swift) only: a path dependency sees products,
        // not targets. Not a supported library API; nothing else should depend on them.
        .library(name: "OpsCore", targets: ["OpsCore"]),
        .library(name: "OpsCollector", targets: ["OpsCollector"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Domain values and rules. Foundation only.
        .target(name: "OpsCore", swiftSettings: strict),
        // The only target that imports GRDB.
        .target(
            name: "OpsStore",
            dependencies: [
                "OpsCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // Demo and benchmark data (`pmops demo`, `pmops bench`, tests), kept out of the
        // product targets. It bulk-loads million-row stores through GRDB and OpsStore's
        // package API, so it is the one target besides OpsStore that imports GRDB.
        .target(
            name: "OpsFixtures",
            dependencies: ["OpsCore", "OpsStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        // Metric sources, parsers, rules and the collector runtime: no UI, no GRDB (the
        // runtime writes through OpsStore's named operations).
        .target(name: "OpsCollector", dependencies: ["OpsCore", "OpsStore"], swiftSettings: strict),
        // Pure-Swift terminal rendering kernel: no ncurses.
        .target(name: "TermUI", swiftSettings: strict),
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // The one ncurses backend.
        .target(name: "TermUINcurses", dependencies: ["TermUI", "CNcursesw"], swiftSettings: strict),
        .target(
            name: "OpsConsole",
            dependencies: ["OpsCore", "OpsStore", "TermUI"],
            swiftSettings: strict),
        .executableTarget(
            name: "pmops",
            dependencies: [
                "OpsCore", "OpsStore", "OpsFixtures", "OpsCollector", "OpsConsole", "TermUI", "TermUINcurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(
            name: "_OpsTestSupport",
            dependencies: ["OpsCore", "OpsStore", "TermUI"],
            swiftSettings: strict),
        .testTarget(name: "OpsCoreTests", dependencies: ["OpsCore", "_OpsTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "OpsStoreTests",
            dependencies: [
                "OpsCore", "OpsStore", "OpsFixtures", "_OpsTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .testTarget(name: "TermUITests", dependencies: ["TermUI", "_OpsTestSupport"], exclude: ["Snapshots"], swiftSettings: strict),
        .testTarget(
            name: "OpsConsoleTests",
            dependencies: ["OpsConsole", "OpsCore", "OpsStore", "OpsFixtures", "OpsCollector", "TermUI", "_OpsTestSupport"],
            exclude: ["Snapshots"],
            swiftSettings: strict),
        .testTarget(
            name: "OpsCollectorTests", dependencies: ["OpsCollector", "OpsCore", "OpsStore", "OpsFixtures", "_OpsTestSupport"], exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(name: "EndToEndTests", dependencies: ["OpsCore", "_OpsTestSupport"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
