import Foundation

/// Everything `RuleSet.parse` found. Not a `Result` because a valid file can still carry
/// warnings, and an invalid one should report every error at once rather than the first.
public struct RuleParseResult: Sendable, Equatable {
    /// The rules, only when there are no errors: a collector must never run half a file.
    public let ruleSet: RuleSet?
    public let errors: [RuleDiagnostic]
    public let warnings: [RuleDiagnostic]

    public init(ruleSet: RuleSet?, errors: [RuleDiagnostic], warnings: [RuleDiagnostic]) {
        self.ruleSet = errors.isEmpty ? ruleSet : nil
        self.errors = errors
        self.warnings = warnings
    }

    public var isValid: Bool { ruleSet != nil }

    /// Errors and warnings in line order, for printing.
    public var diagnostics: [RuleDiagnostic] {
        (errors + warnings).sorted { ($0.line, $0.level == .warning ? 1 : 0) < ($1.line, $1.level == .warning ? 1 : 0) }
    }

    /// The rule set, or every error as one `RuleLoadError.invalid`.
    public func get() throws(RuleLoadError) -> RuleSet {
        guard let ruleSet else { throw RuleLoadError.invalid(errors) }
        return ruleSet
    }
}
