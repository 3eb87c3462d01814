import Foundation
import OpsCollector
import OpsCore
import Testing

// Shared helpers for the Rules*Tests files. The file name matches that pattern because the
// rules' dev package links exactly those files into its test target.

/// Parsing shortcuts with a fixed source name, so expected diagnostics read `t.rules:LINE:`.
enum RulesFixture {
    static let source = "t.rules"
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static func parse(_ text: String) -> RuleParseResult {
        RuleSet.parse(text: text, source: source)
    }

    static func rules(_ text: String) throws -> RuleSet {
        try parse(text).get()
    }

    static func errors(_ text: String) -> [String] {
        parse(text).errors.map(\.description)
    }

    static func warnings(_ text: String) -> [String] {
        parse(text).warnings.map(\.description)
    }

    /// The shipped rules file, found from this source file (symlinks resolved) upwards.
    static func defaultRulesText(from file: String = #filePath) throws -> String {
        var dir = URL(fileURLWithPath: file).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("Rules/penguinmails.rules")
            if FileManager.default.fileExists(atPath: candidate.path) {
                return try String(contentsOf: candidate, encoding: .utf8)
            }
            dir.deleteLastPathComponent()
        }
        throw RuleSyntaxError("Rules/penguinmails.rules not found above \(file)")
    }
}

/// An engine driven by a `ManualClock`: each `tick` advances the clock, then evaluates, the
/// way the collector's timer will, without sleeping.
struct RulesHarness {
    var engine: RuleEngine
    let clock: ManualClock
    var history = RuleHistoryBuffer(retention: 7200)

    init(_ text: String, staleAfter: TimeInterval = 300) throws {
        clock = ManualClock(RulesFixture.t0)
        engine = RuleEngine(rules: try RulesFixture.rules(text), startedAt: clock.now(), staleAfter: staleAfter)
    }

    /// Advances by `seconds`, then evaluates `samples` stamped with the new time.
    mutating func tick(after seconds: TimeInterval = 10, _ samples: [(String, [String: String], Double)])
        -> [AlertTransition] {
        clock.advance(by: seconds)
        let now = clock.now()
        let stamped = samples.map { RuleSample(name: $0.0, labels: $0.1, value: $0.2, timestamp: now) }
        let transitions = engine.evaluate(samples: stamped, history: history, now: now)
        history.record(stamped)
        return transitions
    }

    /// One series' value: the common case.
    mutating func tick(after seconds: TimeInterval = 10, _ name: String, _ labels: [String: String] = [:],
                       _ value: Double) -> [AlertTransition] {
        tick(after: seconds, [(name, labels, value)])
    }

    /// Evaluates with no samples at all.
    mutating func silence(after seconds: TimeInterval) -> [AlertTransition] {
        tick(after: seconds, [])
    }
}

extension Array where Element == AlertTransition {
    /// The kinds in order: what most state-machine expectations compare.
    var kinds: [AlertTransition.Kind] { map(\.kind) }
}
