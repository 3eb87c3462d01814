import OpsCore
import OpsStore
import TermUI

/// The second look before granting a role of `RoleMatrix.confirmedGrants` from a form:
/// the login typed exactly, so a stray Tab and Space cannot make an admin. The store
/// refuses the grant without it (`AccessPolicy.checkPowerGrant`); this is how the console
/// says yes.
public struct GrantConfirmation: Equatable {
    /// What is waiting for the confirmation, with the modal to go back to on error.
    public enum Pending: Equatable {
        case create(NewStaff, AccountForm)
        case roles(RolesEditor)
    }

    public var login: String
    public var roles: [Role]
    public var pending: Pending
    public var form: FormState

    init(login: String, roles: [Role], pending: Pending) {
        self.login = login
        self.roles = roles
        self.pending = pending
        form = FormState(fields: [FormField(label: "Type \(login)", maxLength: 32, placeholder: "to confirm")])
    }

    var typed: String { form.fields[0].text }

    /// The roles of `RoleMatrix.confirmedGrants` that going from `current` to `proposed` grants.
    static func granted(current: Set<Role>, proposed: [String]) -> [Role] {
        Set(proposed.compactMap(Role.init(name:))).subtracting(current).intersection(RoleMatrix.confirmedGrants).sorted()
    }

    /// One line per role on why it is confirmed.
    var lines: [String] {
        roles.map { "\($0.rawValue): \($0.summary)" }
    }
}
