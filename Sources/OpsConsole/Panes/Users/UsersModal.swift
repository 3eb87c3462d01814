import OpsCore
import OpsStore
import TermUI

/// The dialog or form open over the Users pane.
public enum UsersModal: Equatable {
    case none
    case form(AccountForm)
    case roles(RolesEditor)
    case deactivate(DeactivateForm)
    case reactivate(login: String)
    case message(Dialog)
    /// Typed confirmation before granting super_admin, admin, security or auditor.
    case confirmGrant(GrantConfirmation)
    /// Import…: paths, then the plan and a typed "apply".
    case importFile(ImportDialog)

    public var isOpen: Bool { self != .none }
}

/// Create or edit an account: text fields, plus a role checklist when creating.
public struct AccountForm: Equatable {
    public enum Mode: Equatable { case create, edit(login: String, version: Int) }
    public var mode: Mode
    public var form: FormState
    public var roles: ChecklistState
    /// True while the role checklist (below the fields) has focus.
    public var rolesFocused = false
    /// A sentence that is not about one field (duplicate login, permission denied).
    public var formError: String?
    /// Set when the form creates a pending-onboarding person: saving completes the entry.
    public var pendingID: Int64?

    static let fieldNames = ["login", "name", "email", "team"]

    static func create(_ values: [String] = ["", "", "", ""]) -> AccountForm {
        let v = values + Array(repeating: "", count: max(0, 4 - values.count))
        let fields = [FormField(label: "Login", text: v[0], maxLength: 32, placeholder: "jdoe"),
                      FormField(label: "Name", text: v[1], maxLength: 80, placeholder: "Jane Doe"),
                      FormField(label: "Email", text: v[2], maxLength: 254, placeholder: "jdoe@example.com"),
                      FormField(label: "Team", text: v[3], maxLength: 40, placeholder: "sre (optional)")]
        return AccountForm(mode: .create, form: FormState(fields: fields),
                           roles: ChecklistState(items: Role.allCases.map { ChecklistItem($0.rawValue) }))
    }

    static func edit(_ a: StaffAccount) -> AccountForm {
        let fields = [FormField(label: "Name", text: a.displayName ?? "", maxLength: 80),
                      FormField(label: "Email", text: a.email ?? "", maxLength: 254),
                      FormField(label: "Team", text: a.team ?? "", maxLength: 40)]
        return AccountForm(mode: .edit(login: a.login, version: a.version), form: FormState(fields: fields), roles: ChecklistState(items: []))
    }

    var isCreate: Bool { mode == .create }

    /// Field name → index for mapping core errors back onto fields.
    func index(of field: String) -> Int? {
        let names = isCreate ? Self.fieldNames : Array(Self.fieldNames.dropFirst())
        return names.firstIndex(of: field)
    }

    func value(_ field: String) -> String {
        index(of: field).map { form.fields[$0].text } ?? ""
    }

    /// Puts each error under its field; errors about roles or none go to `formError`.
    mutating func show(_ error: OpsError) {
        let names = isCreate ? Self.fieldNames : Array(Self.fieldNames.dropFirst())
        formError = form.show(error) { names.firstIndex(of: $0) }
    }
}

/// The role checklist for one account, with separation-of-duty conflicts shown live.
public struct RolesEditor: Equatable {
    public var login: String
    public var version: Int
    /// The roles as loaded, to tell which ticks grant a role that needs confirming.
    public var original: Set<Role>
    public var list: ChecklistState
    public var formError: String?
    let sod: SeparationOfDuty

    init(account: StaffAccount, sod: SeparationOfDuty) {
        login = account.login
        version = account.version
        original = account.roles
        self.sod = sod
        list = ChecklistState(items: Role.allCases.map { ChecklistItem($0.rawValue, checked: account.roles.contains($0)) })
        refreshWarnings()
    }

    var checkedRoles: Set<Role> { Set(list.checkedTitles.compactMap(Role.init(rawValue:))) }

    /// Marks every checked role that conflicts with another checked role.
    mutating func refreshWarnings() {
        let checked = checkedRoles
        var items = list.items
        for i in items.indices {
            guard let role = Role(rawValue: items[i].title), checked.contains(role) else {
                items[i].warning = nil
                continue
            }
            let partners = sod.pairs.compactMap { p -> Role? in
                if p.first == role, checked.contains(p.second) { return p.second }
                if p.second == role, checked.contains(p.first) { return p.first }
                return nil
            }
            items[i].warning = partners.isEmpty ? nil : "conflicts with \(partners.map(\.rawValue).joined(separator: ", "))"
        }
        var rebuilt = ChecklistState(items: items)
        if let selected = list.list.selected { rebuilt.moveTo(selected) }
        list = rebuilt
    }

    var conflict: SeparationOfDuty.Pair? { sod.conflict(in: checkedRoles) }
}

/// Deactivation: open work to reassign, a reason, and the login typed to confirm.
public struct DeactivateForm: Equatable {
    public var account: StaffAccount
    public var openWork: [OpenWorkItem]
    /// Escalation levels that page the account ("team mta level 1"): shown so whoever
    /// deactivates it knows those pages will go to the next level until the routing is fixed.
    public var pagedAt: [String]
    public var form: FormState
    public var formError: String?

    init(account: StaffAccount, openWork: [OpenWorkItem], pagedAt: [String] = []) {
        self.account = account
        self.openWork = openWork
        self.pagedAt = pagedAt
        var fields = [FormField(label: "Reason", maxLength: 500, placeholder: "why (recorded in the audit trail)")]
        if !openWork.isEmpty { fields.append(FormField(label: "Reassign to", maxLength: 32, placeholder: "login")) }
        fields.append(FormField(label: "Type \(account.login)", maxLength: 32, placeholder: "to confirm"))
        form = FormState(fields: fields)
    }

    var reason: String { form.fields[0].text }
    var reassignTo: String? { openWork.isEmpty ? nil : form.fields[1].text }
    var confirmation: String { form.fields[form.fields.count - 1].text }
}

extension ChecklistState {
    mutating func moveTo(_ index: Int) {
        _ = handle(.home, visibleRows: 20)
        for _ in 0..<index { _ = handle(.down, visibleRows: 20) }
    }
}
