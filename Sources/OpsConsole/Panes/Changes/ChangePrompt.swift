import OpsCore
import TermUI

/// The dialog open over the Changes pane: what an action asks before its one store call.
/// Applying to production, rolling back and killing a flag end in a typed confirmation
/// (the set's `cs-N` or the flag's key, exactly), drawn in the dangerous frame.
struct ChangePrompt: Equatable {
    enum Kind: Equatable {
        /// approve or reject, typed.
        case verdict
        /// The reason of a review (required to reject).
        case reason(approve: Bool)
        /// Apply to staging: the items shown, Enter applies.
        case applyStaging
        /// Apply to production: `cs-N` typed.
        case applyProduction
        /// Verify an environment, with an optional note.
        case verify(ConfigEnvironment)
        /// Why a rollback, then `cs-N` typed.
        case rollbackReason
        case confirmRollback(rationale: String)
        /// The flag's key typed.
        case confirmKill
    }

    var kind: Kind
    /// The change set (cs-N) or flag key the action is on.
    var target: ChangeTarget
    var field: TextFieldState
    var error: String?

    init(_ kind: Kind, target: ChangeTarget, text: String = "") {
        self.kind = kind
        self.target = target
        field = TextFieldState(text: text, maxLength: 2_000)
    }

    var isTypedConfirmation: Bool {
        switch kind {
        case .applyProduction, .confirmRollback, .confirmKill: true
        default: false
        }
    }

    /// What a typed confirmation must match.
    var expected: String { target.name }

    var title: String {
        switch kind {
        case .verdict: "Review \(target.name)"
        case let .reason(approve): approve ? "Approve \(target.name)" : "Reject \(target.name)"
        case .applyStaging: "Apply \(target.name) to staging"
        case .applyProduction: "Apply \(target.name) to PRODUCTION"
        case let .verify(env): "Verify \(target.name) in \(env)"
        case .rollbackReason: "Roll back \(target.name)"
        case .confirmRollback: "Roll back \(target.name): confirm"
        case .confirmKill: "Kill flag \(target.name)"
        }
    }

    var label: String {
        switch kind {
        case .verdict: "Verdict"
        case .reason: "Reason"
        case .applyStaging: ""
        case .verify: "Note"
        case .rollbackReason: "Why"
        case .applyProduction, .confirmRollback, .confirmKill: "Type \(expected)"
        }
    }

    var placeholder: String {
        switch kind {
        case .verdict: "approve or reject"
        case let .reason(approve): approve ? "optional: what you checked" : "required: why not"
        case .applyStaging: ""
        case .verify: "optional: what was checked"
        case .rollbackReason: "required: what went wrong"
        case .applyProduction, .confirmRollback, .confirmKill: "to confirm"
        }
    }

    var hint: String {
        switch kind {
        case .verdict: "approve or reject, then Enter · Esc cancels"
        case let .reason(approve): approve ? "Enter approves · Esc cancels" : "Enter rejects (a reason is required) · Esc cancels"
        case .applyStaging: "Enter applies to staging · Esc cancels"
        case .applyProduction: "Enter applies to production once typed · Esc cancels"
        case .verify: "Enter marks it verified · Esc cancels"
        case .rollbackReason: "Enter, then type \(expected) to draft the rollback · Esc cancels"
        case .confirmRollback: "Enter drafts the rollback change set once typed · Esc cancels"
        case .confirmKill: "Enter kills the flag for everyone once typed · Esc cancels"
        }
    }
}

/// What an action is on: a configuration change set or a flag.
enum ChangeTarget: Equatable {
    case changeSet(Int64)
    case flag(String)

    var name: String {
        switch self {
        case let .changeSet(id): "cs-\(id)"
        case let .flag(key): key
        }
    }
}
