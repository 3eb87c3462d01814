import Foundation

/// How loud an alert is. Three levels only, because every extra level is one more thing an
/// on-call engineer has to interpret at 3 a.m.; rule files, Alertmanager's aliases, the
/// store's CHECK constraint and the console's theme keys all use these names.
public enum AlertSeverity: String, Codable, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case critical, warning, info

    public var description: String { rawValue }

    /// Critical first: queues and digests list the loudest alerts at the top.
    public static func < (a: AlertSeverity, b: AlertSeverity) -> Bool { a.rank < b.rank }

    /// 0 for critical, 1 for warning, 2 for info; the store sorts by the same numbers.
    public var rank: Int { self == .critical ? 0 : self == .warning ? 1 : 2 }
}
