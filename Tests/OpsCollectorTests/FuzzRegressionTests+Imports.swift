import Foundation
import OpsCore
import Testing

/// Inputs `FuzzPlatformConfig` and `FuzzFlagd` found (Docs/FUZZING.md), kept as tests.
@Suite("Fuzz findings: platform config, flagd")
struct ImportFuzzRegressionTests {
    static func roundTrip(_ parsed: PlatformConfigFile.Parsed) throws {
        let entries = parsed.settings.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
        for yaml in [false, true] {
            let text = yaml ? PlatformConfigFile.yaml(environment: parsed.environment, revision: parsed.revision, sha256: parsed.sha256,
                                                      entries: entries, registry: PlatformRegistry([]))
                            : PlatformConfigFile.json(environment: parsed.environment, revision: parsed.revision, sha256: parsed.sha256,
                                                      entries: entries, registry: PlatformRegistry([]))
            #expect(try PlatformConfigFile.read(Data(text.utf8), path: "again") == parsed, "\(text)")
        }
    }

    @Test("FuzzPlatformConfig: a value with a combining mark after an escaped quote is read back as written")
    func combiningAfterQuote() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("fuzz/platform-config-combining-after-quote.yaml")))
        let parsed = try PlatformConfigFile.read(data, path: "found")
        #expect(parsed.sha256.unicodeScalars.contains("\u{301}"))
        try Self.roundTrip(parsed)
    }

    @Test("platform config YAML is read by scalar: combining marks after quotes and backslashes, CRLF lines")
    func scalars() throws {
        let values = ["\u{301}lead", "tail\"\u{301}", "\\\u{301}", "\u{301}", "a\u{301}\"\u{301}b"]
        let entries = values.enumerated().map { (key: "k\u{301}\($0.offset)", value: $0.element) }
        let text = PlatformConfigFile.yaml(environment: .staging, revision: 3, sha256: "ab", entries: entries, registry: PlatformRegistry([]))
        let parsed = try PlatformConfigFile.read(Data(text.utf8), path: "c.yaml")
        #expect(parsed.settings == Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) }))
        let crlf = try PlatformConfigFile.read(Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8), path: "c.yaml")
        #expect(crlf == parsed)
        try Self.roundTrip(parsed)
    }

    @Test("FuzzFlagd: targeting 70 levels deep is refused naming the cap (it took 14 s under ASan to decode and evaluate)")
    func deepTargeting() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("fuzz/flagd-deep-targeting.bin"))).dropFirst()
        #expect(throws: OpsError.invalid(field: "flagd", message: "The file is nested deeper than \(FlagdDocument.maxDepth + 4) levels.")) {
            try FlagdDocument.parse(Data(data))
        }
    }
}
