import Foundation
import OpsCollector

/// The properties both exposition targets assert: every error names a line of the input,
/// the kept errors respect the cap, and every index a family holds points at a sample.
public enum ExpositionProperties {
    /// A fixed "now", so a run is reproducible from its input alone.
    public static let now = Date(timeIntervalSince1970: 1_800_000_000)

    public static func run(_ text: String, format: ExpositionFormat) {
        let parser = ExpositionParser(maxBytes: 1 << 20, maxErrors: 100)
        let result: ExpositionParseResult
        do {
            result = try parser.parse(text, format: format, now: now)
        } catch {
            Fuzz.check(text.utf8.count > parser.maxBytes, "only an oversized input may throw, got \(error)")
            return
        }
        let lines = Fuzz.lineCount(text)
        for error in result.errors {
            Fuzz.check((1...lines).contains(error.line), "error on line \(error.line) of \(lines): \(error.message)")
            Fuzz.check(!error.message.isEmpty, "an error without a message on line \(error.line)")
        }
        Fuzz.check(result.errors.count <= parser.maxErrors, "\(result.errors.count) errors kept, over the cap")
        Fuzz.check(result.suppressedErrorCount >= 0, "negative suppressed count")
        for family in result.families {
            for index in family.sampleIndices {
                Fuzz.check(result.samples.indices.contains(index), "family \(family.name) points at sample \(index)")
            }
        }
        for sample in result.samples {
            Fuzz.check(!sample.name.isEmpty, "a sample without a name")
            Fuzz.check(sample.timestamp.timeIntervalSince1970.isFinite, "sample \(sample.name) has a non-finite time")
        }
    }
}
