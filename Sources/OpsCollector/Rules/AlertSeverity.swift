import Foundation

/// How loud an alert is. Three levels only, because every extra level is one more thing an
/// on-call engineer has to interpret at 3 a.m.; the console's theme keys use the same names.
public enum AlertSeverity: String, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case info
    case warning
    case critical

    public var description: String { rawValue }

    /// Orders by loudness so callers can sort or pick the worst.
    public static func < (lhs: AlertSeverity, rhs: AlertSeverity) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }
}
