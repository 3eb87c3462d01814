import Foundation

/// The health gate watched after a feature-flag rollout step or a configuration change set
/// is applied. It is the deploy gate (the same stanzas of the operator's deploy config, the
/// same rules and probes judged on the collector tick); a stanza names what it judges with
/// `flag` and `config` lines. The store opens a watch in the transaction that makes the
/// change; the collector judges it: passed at the window's end, or failed, which refuses the
/// flag's next rollout step (until the flag is killed) or rolls the change set back.
public struct ChangeGate: Sendable, Equatable {
    public enum Subject: Sendable, Equatable {
        case flag(key: String, step: Int)
        case config(changeSet: Int64, environment: ConfigEnvironment)
    }

    public enum Status: String, CaseIterable, Sendable {
        /// Opened by the change; the collector has not judged it yet.
        case pending
        /// Inside its window.
        case watching
        case passed
        case failed
        /// A newer step of the same flag (or the set's next environment) took over.
        case superseded
        /// The failure was dealt with: the flag was killed.
        case cleared

        public var isOpen: Bool { self == .pending || self == .watching }
    }

    public var id: Int64
    public var subject: Subject
    public var status: Status
    /// The stanzas judging it (service names), once the collector opened it.
    public var gates: [String]
    public var openedAt: Date
    public var until: Date?
    public var closedAt: Date?
    public var note: String?

    public init(id: Int64, subject: Subject, status: Status, gates: [String] = [], openedAt: Date, until: Date? = nil,
                closedAt: Date? = nil, note: String? = nil) {
        self.id = id
        self.subject = subject
        self.status = status
        self.gates = gates
        self.openedAt = openedAt
        self.until = until
        self.closedAt = closedAt
        self.note = note
    }

    /// "flag checkout-v2 at 25 %", "change set 12 in production".
    public var title: String {
        switch subject {
        case let .flag(key, step): "flag \(key) at \(step) %"
        case let .config(set, env): "change set \(set) in \(env)"
        }
    }

    /// A one-line state for `flags show`, `config show` and the Changes pane.
    public var summary: String {
        let names = gates.isEmpty ? "" : " (" + gates.joined(separator: ", ") + ")"
        switch status {
        case .pending: return "health gate pending: the collector opens it on its next tick"
        case .watching: return "health gate watching\(names) until \(until.map(Timestamp.format) ?? "-")"
        case .passed: return "health gate passed\(names)" + (note.map { ": " + $0 } ?? "")
        case .failed: return "health gate FAILED\(names)" + (note.map { ": " + $0 } ?? "")
        case .superseded: return "health gate superseded by a later step"
        case .cleared: return "health gate failure cleared" + (note.map { ": " + $0 } ?? "")
        }
    }
}

/// The rules around a flag's gate, pure so the store runs them inside its transaction.
public enum ChangeGateRules {
    /// A rollout step is refused while the flag's latest gate failed (and was not cleared by
    /// a kill): advancing over a failing gate is what the gate exists to stop.
    public static func checkRolloutStep(flag: String, latest: ChangeGate?) throws(OpsError) {
        guard let latest, latest.status == .failed else { return }
        let when = latest.closedAt.map { " at \(Timestamp.format($0))" } ?? ""
        throw .conflict("A rollout step while a gate is failing: the health gate of \(latest.title) failed\(when) (\(latest.note ?? "no reason recorded")); "
                        + "fix the cause and kill the flag (pmops flags kill \(flag)) to restart at 1 %.")
    }
}

/// `flag` and `config` patterns: a key, or a prefix ending in `*` (`*` alone: everything).
public enum ChangeGatePattern {
    public static func isValid(_ pattern: String) -> Bool {
        let body = pattern.hasSuffix("*") ? String(pattern.dropLast()) : pattern
        guard pattern.count <= 100, !pattern.isEmpty, !body.contains("*") else { return false }
        return body.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" || $0 == "_" || $0 == "." }
    }

    public static func matches(_ pattern: String, _ key: String) -> Bool {
        pattern.hasSuffix("*") ? key.hasPrefix(pattern.dropLast()) : key == pattern
    }
}

extension DeployConfig {
    /// The stanzas that judge rollout steps of `flag`, by service name.
    public func gates(forFlag flag: String) -> [Gate] {
        gates.values.filter { $0.flags.contains { ChangeGatePattern.matches($0, flag) } }.sorted { $0.service < $1.service }
    }

    /// The stanzas that judge a change set touching any of `keys`, by service name.
    public func gates(forConfigKeys keys: [String]) -> [Gate] {
        gates.values.filter { gate in gate.configKeys.contains { p in keys.contains { ChangeGatePattern.matches(p, $0) } } }
            .sorted { $0.service < $1.service }
    }
}
