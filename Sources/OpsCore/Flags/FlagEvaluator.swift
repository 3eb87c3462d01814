/// Evaluates a flag the way a flagd provider does: DISABLED gives the caller's code
/// default, no targeting gives the default variant (STATIC), targeting that yields null
/// gives the default variant (DEFAULT), otherwise the named variant (TARGETING_MATCH).
public struct FlagEvaluation: Sendable, Equatable {
    public enum Reason: String, Sendable { case staticValue = "STATIC", targetingMatch = "TARGETING_MATCH", defaultValue = "DEFAULT", disabled = "DISABLED", error = "ERROR" }
    /// Nil when disabled or on error: the caller's code default applies.
    public let variant: String?
    public let value: JSONValue?
    public let reason: Reason
    public let message: String?
    public init(variant: String?, value: JSONValue?, reason: Reason, message: String? = nil) {
        self.variant = variant
        self.value = value
        self.reason = reason
        self.message = message
    }
}

/// A flag with its targeting built once, so repeated evaluations only walk the logic.
public struct CompiledFlag: Sendable {
    public let flag: FeatureFlag
    public let targeting: JSONValue?
    public init(_ flag: FeatureFlag) {
        self.flag = flag
        self.targeting = FlagdExport.targeting(flag)
    }

    public func evaluate(targetingKey: String?, context: [String: JSONValue], timestamp: Int64) -> FlagEvaluation {
        if flag.state == .disabled { return FlagEvaluation(variant: nil, value: nil, reason: .disabled) }
        let fallback = FlagEvaluation(variant: flag.defaultVariant, value: flag.variants[flag.defaultVariant], reason: .defaultValue)
        guard let targeting else {
            return FlagEvaluation(variant: flag.defaultVariant, value: flag.variants[flag.defaultVariant], reason: .staticValue)
        }
        let env = FlagLogic.Environment(flagKey: flag.key, targetingKey: targetingKey, attributes: context, timestamp: timestamp)
        let result: JSONValue
        do { result = try FlagLogic.apply(targeting, env) } catch {
            return FlagEvaluation(variant: nil, value: nil, reason: .error, message: "Unknown targeting operator \(error.name).")
        }
        let name: String
        switch result {
        case .null: return fallback
        case let .string(s): name = s
        case let .bool(b): name = b ? "true" : "false"
        case let .int(i): name = String(i)
        default: return FlagEvaluation(variant: nil, value: nil, reason: .error, message: "Targeting resolved to a value that is not a variant name.")
        }
        guard let value = flag.variants[name] else {
            return FlagEvaluation(variant: nil, value: nil, reason: .error, message: "Targeting resolved to \(name), which is not a variant of \(flag.key).")
        }
        return FlagEvaluation(variant: name, value: value, reason: .targetingMatch)
    }
}
