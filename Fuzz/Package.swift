// swift-tools-version: 6.2
import PackageDescription

/// The libFuzzer targets (issue #22): one executable per parser that reads bytes nobody on
/// the team wrote. A package of its own, so `swift build` and `swift test` of the product
/// never see it; `Scripts/fuzz.sh` builds it with `-sanitize=fuzzer,address` and
/// `-enable-testing` (the differential target needs the internal `WebhookReader`) into
/// `.build-fuzz`. Adding a parser is one folder under `Sources/` and one line below
/// (see Docs/FUZZING.md).
let targets: [(name: String, module: String)] = [
    ("FuzzExpositionText", "OpsCollector"),
    ("FuzzOpenMetrics", "OpsCollector"),
    ("FuzzWebhook", "OpsCollector"),
    ("FuzzWebhookDifferential", "OpsCollector"),
    ("FuzzAPIv2Alerts", "OpsCollector"),
    ("FuzzRules", "OpsCollector"),
    ("FuzzRouting", "OpsCore"),
    ("FuzzCollectorConfig", "OpsCollector"),
    ("FuzzMatchers", "OpsCore"),
    ("FuzzProc", "OpsCollector"),
]

let package = Package(
    name: "PenguinOpsFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "PenguinOps", path: "..")],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer", .product(name: "OpsCollector", package: "PenguinOps")],
                swiftSettings: [.treatAllWarnings(as: .error)]),
    ] + targets.map { target in
        .executableTarget(
            name: target.name,
            dependencies: ["FuzzSupport", .product(name: target.module, package: "PenguinOps")],
            swiftSettings: [.treatAllWarnings(as: .error)])
    },
    swiftLanguageModes: [.v6]
)
