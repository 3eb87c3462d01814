import Foundation

/// Where a tracked alert stands. Inactive alerts are not tracked at all, so there is no
/// `.inactive` case: "no phase" is inactive.
public enum AlertPhase: String, Sendable {
    /// The condition holds but not yet for the rule's `for`.
    case pending
    case firing
}
