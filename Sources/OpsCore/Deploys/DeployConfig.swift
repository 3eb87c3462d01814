import Foundation

/// The operator's deploy config: one stanza per service with its health gate and rollback.
///
///     # A line starting with '#' is a comment (not after text: a command may hold a '#').
///     service api
///       window        10m
///       rule          rate(http_errors_total{service="api"}[5m]) > 0.05
///       rule          http_request_p99_seconds{service="api"} > 0.8
///       probe         api-health
///       auto-rollback yes
///       rollback      /usr/local/bin/deploy-api --version {previous}
///       timeout       2m
///       flag          checkout-v2, smtp-*
///       config        api.*, tls.min_version
///
/// `flag` and `config` lines make the same gate judge feature-flag rollout steps and
/// configuration change sets (a trailing `*` matches a prefix): see `ChangeGate`.
/// `rule` lines are expressions of the rules language (checked by the collector, which
/// evaluates them); `probe` names a collector source that must be up. The rollback command
/// is split like a shell would split it but never run by one; `{previous}`, `{version}`,
/// `{service}`, `{deployment}` and `{component}` are replaced inside its words. It is read
/// only from a file its user owns, never from the database, for the reason the mail
/// transport is: whoever runs the collector must not run what another account chose.
public struct DeployConfig: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        public var expression: String
        public var line: Int
        public init(expression: String, line: Int) {
            self.expression = expression
            self.line = line
        }
    }

    public struct Gate: Sendable, Equatable {
        public var service: String
        public var window: TimeInterval
        public var rules: [Rule]
        public var probes: [String]
        public var autoRollback: Bool
        /// The rollback command's words, unexpanded; nil when none is configured.
        public var rollback: [String]?
        public var timeout: TimeInterval
        /// The file and line of the `service` line, for messages.
        public var origin: String
        /// Flag keys (or `prefix*`) whose rollout steps this gate judges.
        public var flags: [String] = []
        /// Platform setting keys (or `prefix*`) whose change sets this gate judges.
        public var configKeys: [String] = []

        public init(service: String, window: TimeInterval = DeployConfig.defaultWindow, rules: [Rule] = [], probes: [String] = [],
                    autoRollback: Bool = false, rollback: [String]? = nil, timeout: TimeInterval = DeployConfig.defaultTimeout, origin: String = "") {
            self.service = service
            self.window = window
            self.rules = rules
            self.probes = probes
            self.autoRollback = autoRollback
            self.rollback = rollback
            self.timeout = timeout
            self.origin = origin
        }

        /// The rollback command for one deployment, placeholders replaced word by word
        /// (a value never splits into more words, so a version cannot inject an argument).
        public func rollbackArguments(service: String, version: String, previous: String?, deployment: DeploymentNumber,
                                      component: String? = nil) -> [String]? {
            rollback?.map { word in
                word.replacingOccurrences(of: "{previous}", with: previous ?? "")
                    .replacingOccurrences(of: "{version}", with: version)
                    .replacingOccurrences(of: "{service}", with: service)
                    .replacingOccurrences(of: "{deployment}", with: deployment.description)
                    .replacingOccurrences(of: "{component}", with: component ?? "")
            }
        }
    }

    public static let maxBytes = 1_048_576
    public static let defaultWindow: TimeInterval = 600
    public static let defaultTimeout: TimeInterval = 60
    public static let maxWindow: TimeInterval = 86_400
    public static let maxTimeout: TimeInterval = 3_600
    public static let maxRules = 50

    public var gates: [String: Gate]
    public init(gates: [String: Gate] = [:]) { self.gates = gates }

    public subscript(service: String) -> Gate? { gates[service] }

    /// Parses the file's text; every problem is reported at once as "file:line".
    public static func parse(_ text: String, file: String = "deploys") throws(OpsError) -> DeployConfig {
        let size = text.utf8.count
        guard size <= maxBytes else {
            throw .invalid(field: file, message: "the file is \(size) bytes, over the \(maxBytes)-byte limit for a deploy config file.")
        }
        var config = DeployConfig()
        var errors: [FieldError] = []
        var current: Gate?
        var broken = false
        func fail(_ line: Int, _ message: String) { errors.append(FieldError(field: "\(file):\(line)", message: message)) }
        func close() {
            if let gate = current { config.gates[gate.service] = gate }
            current = nil
        }
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let number = index + 1
            let line = String(rawLine).trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.unicodeScalars.contains(where: { Printable.isForbidden($0) && $0 != "\t" }) {
                fail(number, "the line contains control or escape characters."); continue
            }
            let key = String(line.prefix { $0 != " " && $0 != "\t" })
            let value = line.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
            if key == "service" {
                close()
                broken = true
                do {
                    let name = try IncidentValidation.name(value, field: "service")
                    if config.gates[name] != nil { fail(number, "the service \(name) has two stanzas."); continue }
                    current = Gate(service: name, origin: "\(file):\(number)")
                    broken = false
                } catch {
                    fail(number, "write: service NAME (1–63 of a-z, 0-9, '-', '_', '.').")
                }
                continue
            }
            guard current != nil else {
                if !broken { fail(number, "\(Printable.excerpt(key)) needs a 'service NAME' line above it.") }
                continue
            }
            if broken { continue }
            if let problem = apply(key: key, value: value, line: number, to: &current) { fail(number, problem) }
        }
        close()
        for gate in config.gates.values.sorted(by: { $0.service < $1.service }) where gate.autoRollback && gate.rollback == nil {
            errors.append(FieldError(field: gate.origin, message: "auto-rollback yes needs a 'rollback COMMAND' line for \(gate.service)."))
        }
        if !errors.isEmpty { throw .invalidFields(errors) }
        return config
    }

    /// One `key value` line of a stanza; the problem as a sentence, or nil.
    static func apply(key: String, value: String, line: Int, to gate: inout Gate?) -> String? {
        guard var g = gate else { return nil }
        defer { gate = g }
        switch key {
        case "window", "timeout":
            let limit = key == "window" ? maxWindow : maxTimeout
            guard let seconds = Duration.parse(value), seconds > 0, seconds <= limit else {
                return "\(key) is a duration above zero and at most \(InputLimits.describe(limit)), such as 10m."
            }
            if key == "window" { g.window = seconds } else { g.timeout = seconds }
        case "rule":
            guard !value.isEmpty else { return "write: rule EXPRESSION OP NUMBER (e.g. rate(http_errors_total[5m]) > 0.05)." }
            guard g.rules.count < maxRules else { return "a stanza has at most \(maxRules) rules." }
            g.rules.append(Rule(expression: value, line: line))
        case "probe":
            let names = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty && $0.count <= 100 && !$0.contains(" ") }) else {
                return "write: probe NAME[,NAME…] (collector source names)."
            }
            g.probes += names.filter { !g.probes.contains($0) }
        case "flag", "config":
            let patterns = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !patterns.isEmpty, patterns.allSatisfy(ChangeGatePattern.isValid) else {
                return "write: \(key) KEY[,KEY…] (a key, or a prefix ending in '*', such as \(key == "flag" ? "checkout-*" : "api.*"))."
            }
            if key == "flag" { g.flags += patterns.filter { !g.flags.contains($0) } } else { g.configKeys += patterns.filter { !g.configKeys.contains($0) } }
        case "auto-rollback":
            switch value.lowercased() {
            case "yes": g.autoRollback = true
            case "no": g.autoRollback = false
            default: return "auto-rollback is yes or no."
            }
        case "rollback":
            guard g.rollback == nil else { return "the stanza already has a rollback command." }
            switch ShellWords.split(value) {
            case let .success(words):
                guard let first = words.first else { return "write: rollback /absolute/path/to/program [ARG…]." }
                guard first.hasPrefix("/") else { return "the rollback program must be an absolute path (no PATH lookup, no shell): \(Printable.excerpt(first))." }
                g.rollback = words
            case let .failure(error):
                return "the rollback command cannot be split: \(error.description)."
            }
        default:
            return "\(Printable.excerpt(key)) is not a deploy config key; keys are window, rule, probe, auto-rollback, rollback, timeout, flag, config."
        }
        return nil
    }
}
