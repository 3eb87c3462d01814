import Foundation

/// A feature flag as pmops stores it: typed variants, a default, ordered targeting rules
/// (tenant, plan, region and other context attributes), a staged percentage rollout sticky
/// by the targeting key, and a kill switch. `FlagdExport` turns it into flagd's JSONLogic.
public struct FeatureFlag: Sendable, Equatable {
    public enum Kind: String, CaseIterable, Sendable { case boolean, string, number, object }
    public enum State: String, CaseIterable, Sendable { case enabled = "ENABLED", disabled = "DISABLED" }

    public var key: String
    public var kind: Kind
    public var variants: [String: JSONValue]
    public var defaultVariant: String
    public var state: State
    public var rules: [FlagRule]
    public var rollout: FlagRollout?
    /// Killed: everyone gets the default variant until the rollout restarts at its first step.
    public var killed: Bool
    public var owner: String
    public var description: String

    public init(key: String, kind: Kind, variants: [String: JSONValue], defaultVariant: String, state: State = .enabled,
                rules: [FlagRule] = [], rollout: FlagRollout? = nil, killed: Bool = false, owner: String, description: String = "") {
        self.key = key
        self.kind = kind
        self.variants = variants
        self.defaultVariant = defaultVariant
        self.state = state
        self.rules = rules
        self.rollout = rollout
        self.killed = killed
        self.owner = owner
        self.description = description
    }

    /// Rollout steps, in order; a rollout advances one step at a time.
    public static let rolloutSteps = [1, 5, 25, 50, 100]

    /// The variant a boolean flag rolls out when none is named: the one whose value is true.
    public var onVariant: String? {
        variants.filter { $0.value == .bool(true) }.keys.sorted().first
    }
}

/// One targeting rule: every clause must hold; then `variant` is served.
public struct FlagRule: Sendable, Equatable {
    public var clauses: [FlagClause]
    public var variant: String
    public init(clauses: [FlagClause], variant: String) {
        self.clauses = clauses
        self.variant = variant
    }
}

/// A test on one context attribute, each one a flagd operator.
public struct FlagClause: Sendable, Equatable {
    public enum Op: String, CaseIterable, Sendable {
        case oneOf = "="
        case startsWith = "^="
        case endsWith = "$="
        case versionAtLeast = ">="
        case versionBelow = "<"
        case versionSameMajor = "^"
        case versionSameMinor = "~"
    }
    public var attribute: String
    public var op: Op
    public var values: [String]
    public init(attribute: String, op: Op, values: [String]) {
        self.attribute = attribute
        self.op = op
        self.values = values
    }

    /// `plan=enterprise|pro`, `email$=@penguinmails.com`, `appVersion>=2.1.0`.
    public var text: String { attribute + op.rawValue + values.joined(separator: "|") }
}

/// The staged rollout: `percent` of the traffic no rule matched gets `variant`, sticky by
/// the targeting key; the rest gets the default variant.
public struct FlagRollout: Sendable, Equatable {
    public var variant: String
    public var percent: Int
    public init(variant: String, percent: Int) {
        self.variant = variant
        self.percent = percent
    }
}
