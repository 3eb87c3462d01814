import Foundation
import OpsCore
import Testing

/// The byte writer of the flagd export against the canonical JSON of the document's tree:
/// the same bytes, escapes and key order included (`pmops bench flags` checks the 10,000-flag
/// fixture the same way on every run).
@Suite("flagd byte writer")
struct FlagdExportBytesTests {
    /// A seeded SplitMix64, so a failure replays.
    struct Seeded {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    static func randomFlag(_ r: inout Seeded, key: String) -> FeatureFlag {
        let attributes = ["tenant", "plan", "region", "email", "appVersion", "targetingKey", "na\"me\\\n"]
        let rules = (0..<r.below(6)).map { _ -> FlagRule in
            let clauses = (0..<r.below(4)).map { _ -> FlagClause in
                let op = r.pick(FlagClause.Op.allCases)
                let values = (0..<r.below(4)).map { _ in r.pick(["t-1", "pro", "2.1.0", "@penguinmails.com", "ü\u{1}\"", ""]) }
                return FlagClause(attribute: r.pick(attributes), op: op, values: values)
            }
            return FlagRule(clauses: clauses, variant: r.pick(["on", "off"]))
        }
        let rollout = r.below(3) == 0 ? nil : FlagRollout(variant: "on", percent: r.pick([-1, 0, 1, 5, 25, 50, 99, 100, 150]))
        return FeatureFlag(key: key, kind: .boolean, variants: ["on": true, "off": false, "odd\u{7f}": ["x": [1, "y"]]], defaultVariant: "off",
                           state: r.below(4) == 0 ? .disabled : .enabled, rules: rules, rollout: rollout, killed: r.below(5) == 0,
                           owner: r.pick(["ana", "b\"ob"]), description: r.pick(["", "line\nbreak", "tab\there"]))
    }

    @Test("the byte writer writes exactly the canonical JSON of the flagd document (random flags, duplicate keys keep the first)")
    func writerMatchesTree() {
        var r = Seeded(state: 17)
        for round in 0..<200 {
            let flags = (0..<r.below(30)).map { i in Self.randomFlag(&r, key: "flag-\(r.below(20))-\(i % 3)") }
            let expected = FlagdExport.document(flags).canonical + "\n"
            let actual = FlagdExport.text(flags)
            #expect(actual == expected, "round \(round)")
            if actual != expected { return }
        }
    }
}
