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
/// Built from a pmops flag, or from a flagd definition read from a file.
public struct CompiledFlag: Sendable {
    public let key: String
    public let state: FeatureFlag.State
    public let variants: [String: JSONValue]
    /// Nil: flagd's "use the caller's code default" (a definition with no default variant).
    public let defaultVariant: String?
    public let targeting: JSONValue?

    public init(_ flag: FeatureFlag) {
        key = flag.key
        state = flag.state
        variants = flag.variants
        defaultVariant = flag.defaultVariant
        targeting = FlagdExport.targeting(flag)
    }

    public init(_ definition: FlagdDefinition) {
        key = definition.key
        state = definition.state
        variants = definition.variants
        defaultVariant = definition.defaultVariant
        targeting = definition.targeting
    }

    private func fallback(_ reason: FlagEvaluation.Reason) -> FlagEvaluation {
        guard let defaultVariant else { return FlagEvaluation(variant: nil, value: nil, reason: .defaultValue) }
        return FlagEvaluation(variant: defaultVariant, value: variants[defaultVariant], reason: reason)
    }

    public func evaluate(targetingKey: String?, context: [String: JSONValue], timestamp: Int64) -> FlagEvaluation {
        if state == .disabled { return FlagEvaluation(variant: nil, value: nil, reason: .disabled) }
        guard let targeting else { return fallback(.staticValue) }
        let env = FlagLogic.Environment(flagKey: key, targetingKey: targetingKey, attributes: context, timestamp: timestamp)
        let result: JSONValue
        do { result = try FlagLogic.apply(targeting, env) } catch {
            return FlagEvaluation(variant: nil, value: nil, reason: .error, message: "Unknown targeting operator \(error.name).")
        }
        let name: String
        switch result {
        case .null: return fallback(.defaultValue)
        case let .string(s): name = s
        case let .bool(b): name = b ? "true" : "false"
        case let .int(i): name = String(i)
        default: return FlagEvaluation(variant: nil, value: nil, reason: .error, message: "Targeting resolved to a value that is not a variant name.")
        }
        guard let value = variants[name] else {
            return FlagEvaluation(variant: nil, value: nil, reason: .error, message: "Targeting resolved to \(name), which is not a variant of \(key).")
        }
        return FlagEvaluation(variant: name, value: value, reason: .targetingMatch)
    }
}
