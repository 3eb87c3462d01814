import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// Which rules `CollectorSetup` runs: the file, the built-in copy, or a refusal.
@Suite("Collector setup: the rules file or the built-in rules")
struct CollectorSetupRulesTests {
    static func config(_ path: String?, fallback: Bool) -> CollectorConfig {
        var config = CollectorConfig(sources: [], rulesPath: path)
        config.rulesFallback = fallback
        return config
    }

    @Test("no file, fallback allowed: the built-in rules, no problem")
    func builtInDefault() throws {
        let built = try CollectorSetup.make(config: Self.config(nil, fallback: true), store: try AppDatabase(inMemory: ManualClock()))
        #expect(built.rules?.rules.count == 16)
        #expect(built.rulesOrigin == RuleSet.builtInName)
        #expect(built.rulesProblem == nil)
    }

    @Test("a missing file with fallback: the built-in rules, and a sentence naming the file")
    func missingFallsBack() throws {
        let built = try CollectorSetup.make(config: Self.config("/nonexistent/x.rules", fallback: true),
                                            store: try AppDatabase(inMemory: ManualClock()))
        #expect(built.rules?.rules.count == 16)
        #expect(built.rulesProblem == "Rules file /nonexistent/x.rules does not exist. Running the built-in penguinmails.rules instead.")
    }

    @Test("a missing file without fallback (a config naming its rules) is refused, exit 3")
    func missingRefused() throws {
        #expect {
            _ = try CollectorSetup.make(config: Self.config("/nonexistent/x.rules", fallback: false),
                                        store: try AppDatabase(inMemory: ManualClock()))
        } throws: { error in (error as? CollectorSetup.Failure)?.exitCode == 3 }
    }

    @Test("a file with errors is refused even with fallback: an edit gone wrong must not be hidden")
    func invalidRefused() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("bad.rules", "rule x\n  expr nonsense\n")
        #expect {
            _ = try CollectorSetup.make(config: Self.config(path, fallback: true), store: try AppDatabase(inMemory: ManualClock()))
        } throws: { error in (error as? CollectorSetup.Failure)?.exitCode == 2 }
    }
}
