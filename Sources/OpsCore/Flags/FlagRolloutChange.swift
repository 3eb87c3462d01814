import Foundation

/// The rollout and kill-switch changes, as `flags rollout`, `flags kill` and the Changes
/// pane ask the store for them: pure, so the store runs them on the flag it read inside
/// its transaction and every caller is refused with the same sentence.
public enum FlagRolloutChange {
    /// Advances the rollout to `to` % (nil: the next step), serving `variant` (default: the
    /// current rollout's, else the flag's on variant).
    public static func advance(_ current: FeatureFlag, to: Int?, variant: String? = nil) throws(OpsError) -> FeatureFlag {
        var f = current
        let now = f.killed ? nil : f.rollout?.percent
        let next = FlagValidation.nextStep(after: now)
        guard let next, next == (to ?? next) else {
            let state = f.killed ? "the rollout was killed and restarts at 1 %" : now.map { "the rollout is at \($0) %" } ?? "the rollout has not started"
            let then = next.map { ", so the next step is \($0) %" } ?? " and cannot go further"
            let asked = to.map { "\($0) % is out of order: " } ?? "No next step: "
            throw .invalid(field: "to", message: "\(asked)\(state)\(then).")
        }
        guard let chosen = variant ?? f.rollout?.variant ?? f.onVariant else {
            throw .invalid(field: "variant", message: "Name the variant to roll out with --variant.")
        }
        if let old = f.rollout?.variant, !f.killed, old != chosen {
            throw .invalid(field: "variant", message: "The rollout serves \(old); kill it before rolling out \(Printable.excerpt(chosen)).")
        }
        f.rollout = FlagRollout(variant: chosen, percent: next)
        f.killed = false
        return f
    }

    /// Kill switch: everyone gets the default variant; rules and rollout stop.
    public static func kill(_ current: FeatureFlag) throws(OpsError) -> FeatureFlag {
        var f = current
        guard !f.killed else { throw .invalid(field: "flag", message: "\(f.key) is already killed.") }
        f.killed = true
        f.rollout = nil
        return f
    }
}
