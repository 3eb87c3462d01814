/// A rule the resulting configuration of one environment must satisfy: a cross-key
/// constraint (values that must agree with each other) or a compliance policy (what
/// security and the data processing terms require). A violation names the rule and the
/// values, and refuses the change.
public struct ConfigRule: Sendable {
    public enum Kind: String, Sendable, Codable { case constraint, policy }

    public let id: String
    public let kind: Kind
    public let summary: String
    /// The environments it holds in; a policy may bind production only.
    public let environments: Set<ConfigEnvironment>
    /// nil when satisfied; otherwise what is wrong, with the values.
    let check: @Sendable (ConfigView) -> String?

    public init(_ id: String, _ kind: Kind, _ summary: String, environments: Set<ConfigEnvironment> = Set(ConfigEnvironment.allCases),
                check: @escaping @Sendable (ConfigView) -> String?) {
        self.id = id
        self.kind = kind
        self.summary = summary
        self.environments = environments
        self.check = check
    }
}

/// One environment's effective values, read through the registry.
public struct ConfigView: Sendable {
    public let environment: ConfigEnvironment
    public let values: [String: String]
    public let registry: PlatformRegistry

    public init(environment: ConfigEnvironment, values: [String: String], registry: PlatformRegistry) {
        self.environment = environment
        self.values = values
        self.registry = registry
    }

    public func text(_ key: String) -> String? { values[key] ?? registry[key]?.defaultValue }
    public func number(_ key: String) -> Int? { text(key).flatMap { registry[key]?.number($0) } }
}

/// A rule broken by a configuration.
public struct ConfigViolation: Sendable, Equatable, Codable, CustomStringConvertible {
    public let rule: String
    public let kind: ConfigRule.Kind
    public let environment: ConfigEnvironment
    public let message: String
    public var description: String { "\(environment) breaks \(kind) \(rule): \(message)" }
}

public enum ConfigRules {
    /// Every rule broken by `view`, in the order the rules are listed.
    public static func evaluate(_ view: ConfigView, rules: [ConfigRule] = standard) -> [ConfigViolation] {
        rules.compactMap { rule in
            guard rule.environments.contains(view.environment), let message = rule.check(view) else { return nil }
            return ConfigViolation(rule: rule.id, kind: rule.kind, environment: view.environment, message: message)
        }
    }

    /// The refusal for `violations`, or nothing when there are none.
    public static func refuse(_ violations: [ConfigViolation]) throws(OpsError) {
        guard !violations.isEmpty else { return }
        throw .conflict("Refused: " + violations.map(\.description).joined(separator: "; ") + ".")
    }

    public static let standard: [ConfigRule] = [
        ConfigRule("warmup-ascending", .constraint, "Warm-up daily caps never go down from one step to the next.") { view in
            var previous: (day: Int, key: String, cap: Int)?
            for step in view.registry.warmupSteps {
                guard let cap = view.number(step.key) else { continue }
                if let previous, cap < previous.cap {
                    return "\(step.key) = \(cap) is below \(previous.key) = \(previous.cap)"
                }
                previous = (step.day, step.key, cap)
            }
            return nil
        },
        ConfigRule("warmup-within-ip-limit", .constraint, "The largest warm-up step is at most the per-IP daily limit.") { view in
            guard let limit = view.number("mta.per_ip_daily_limit") else { return nil }
            var largest: (key: String, cap: Int)?
            for step in view.registry.warmupSteps {
                if let cap = view.number(step.key), cap > (largest?.cap ?? Int.min) { largest = (step.key, cap) }
            }
            guard let largest, largest.cap > limit else { return nil }
            return "\(largest.key) = \(largest.cap) exceeds mta.per_ip_daily_limit = \(limit)"
        },
        ConfigRule("api-burst-within-rate", .constraint, "The API burst is at most the per-minute rate limit.") { view in
            guard let burst = view.number("api.burst"), let rate = view.number("api.rate_limit_per_minute"), burst > rate else { return nil }
            return "api.burst = \(burst) exceeds api.rate_limit_per_minute = \(rate)"
        },
        ConfigRule("dmarc-enforced", .policy, "Production DMARC policy is not none.", environments: [.production]) { view in
            view.text("dmarc.policy") == "none" ? "dmarc.policy = none (quarantine or reject required)" : nil
        },
        ConfigRule("tls-1.2-minimum", .policy, "TLS 1.2 or later everywhere.") { view in
            guard let version = view.text("tls.min_version"), version < "1.2" else { return nil }
            return "tls.min_version = \(version) (1.2 or later required)"
        },
        ConfigRule("eu-retention-30d", .policy, "EU tenants' data is kept at least 30 days.") { view in
            guard let days = view.number("retention.eu_days"), days < 30 else { return nil }
            return "retention.eu_days = \(days) (at least 30 required)"
        },
        ConfigRule("dkim-2048", .policy, "Production DKIM keys are at least 2048 bits.", environments: [.production]) { view in
            guard let bits = view.number("dkim.key_bits") ?? view.text("dkim.key_bits").flatMap({ Int($0) }), bits < 2048 else { return nil }
            return "dkim.key_bits = \(bits) (2048 or more required)"
        },
        ConfigRule("complaint-ceiling", .policy, "Production suspends at a complaint rate of 0.3 % at the latest (Gmail and Yahoo bulk-sender rules).",
                   environments: [.production]) { view in
            guard let bp = view.number("reputation.complaint_suspend_bp"), bp > 30 else { return nil }
            return "reputation.complaint_suspend_bp = \(bp) (at most 30 required)"
        },
    ]
}
