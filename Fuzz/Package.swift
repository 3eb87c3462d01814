// swift-tools-version: 6.2
import Foundation
import PackageDescription

/// The libFuzzer targets (issue #22): one executable per parser that reads bytes nobody on
/// the team wrote. A package of its own, so `swift build` and `swift test` of the product
/// never see it; `Scripts/fuzz.sh` builds it with `-sanitize=fuzzer,address` and
/// `-enable-testing` (the differential target needs the internal `WebhookReader`) into
/// `.build-fuzz`.
///
/// Every folder `Sources/Fuzz*` but `FuzzSupport` is a target, so adding a parser's target
/// is one file, `Sources/FuzzNAME/FuzzNAME.swift`, plus its seeds in `Corpus/FuzzNAME/`
/// (Docs/FUZZING.md, "Adding a target").
let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Sources").path
let names = ((try? FileManager.default.contentsOfDirectory(atPath: sources)) ?? [])
    .filter { $0.hasPrefix("Fuzz") && $0 != "FuzzSupport" }
    .sorted()
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]
let product: [Target.Dependency] = [
    .product(name: "OpsCore", package: "PenguinOps"),
    .product(name: "OpsCollector", package: "PenguinOps"),
]

let package = Package(
    name: "PenguinOpsFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "PenguinOps", path: "..")],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"] + product, swiftSettings: strict),
    ] + names.map { name in
        .executableTarget(name: name, dependencies: ["FuzzSupport"] + product, swiftSettings: strict)
    },
    swiftLanguageModes: [.v6]
)
