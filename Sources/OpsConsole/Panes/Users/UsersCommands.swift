import OpsCore

/// The User admin pane's scopes, command ids and key rows (merged into the one command
/// table through its `PaneDescriptor`).
extension CommandScope {
    static let users = CommandScope("users", title: "User admin")
    static let usersList = CommandScope("users.list", title: "User admin: staff list")
    static let usersDetail = CommandScope("users.detail", title: "User admin: account detail")
    static let usersAudit = CommandScope("users.audit", title: "User admin: audit trail")
}

extension CommandID {
    static let userCreate = CommandID("userCreate"), userEdit = CommandID("userEdit"), userRoles = CommandID("userRoles")
    static let userDeactivate = CommandID("userDeactivate"), userReactivate = CommandID("userReactivate")
    static let cycleStatusFilter = CommandID("cycleStatusFilter"), cycleRoleFilter = CommandID("cycleRoleFilter")
    static let userImport = CommandID("userImport"), userPending = CommandID("userPending")
    static let showAudit = CommandID("showAudit"), showOutbox = CommandID("showOutbox"), verifyAudit = CommandID("verifyAudit")
}

enum UsersCommands {
    static let scopes: [CommandScope] = [.users, .usersList, .usersDetail, .usersAudit]

    static let rows: [Command] = [
        Command(.open, keys: [.enter], title: "Details", help: "Open the selected account: roles, permissions, recent audit entries.", scope: .usersList, footer: true),
        Command(.userCreate, keys: [.char("n")], title: "New", help: "Create an account (validated like 'pmops users add').", scope: .users, permission: .usersManage, mutating: true, footer: true),
        Command(.userEdit, keys: [.char("e")], title: "Edit", help: "Change the selected account's name, email or team.", scope: .users, permission: .usersManage, mutating: true, footer: true),
        Command(.userRoles, keys: [.char("R")], title: "Roles", help: "Change the selected account's roles; conflicts show before saving.", scope: .users, permission: .rolesAssign, mutating: true, footer: true),
        Command(.userDeactivate, keys: [.char("d")], title: "Deactivate", help: "Deactivate the selected account: reason, reassignment, typed confirmation.", scope: .users, dangerous: true, formConfirms: true, permission: .usersManage, mutating: true, footer: true),
        Command(.userReactivate, keys: [.char("u")], title: "Reactivate", help: "Reactivate the selected deactivated account (without its old roles).", scope: .users, permission: .usersManage, mutating: true),
        Command(.userImport, keys: [.char("I")], title: "Import…", help: "Plan accounts from an HR export (CSV, JSON, SCIM) and apply after typing 'apply'; it creates and updates, never deactivates.", scope: .users, permission: .usersManage, mutating: true),
        Command(.userPending, keys: [.char("P")], title: "Pending onboarding", help: "People an import could not create, with the reason; Enter creates one by hand.", scope: .users, permission: .usersRead),
        Command(.cycleStatusFilter, keys: [.char("S")], title: "State filter", help: "Cycle the status filter: all, active, deactivated.", scope: .usersList),
        Command(.cycleRoleFilter, keys: [.char("F")], title: "Role filter", help: "Cycle the role filter through every role.", scope: .usersList),
        Command(.clearFilters, keys: [.char("X")], title: "Clear filters", help: "Remove the text, status and role filters.", scope: .usersList),
        Command(.showAudit, keys: [.char("L")], title: "Audit", help: "Show the audit trail (filterable).", scope: .users, permission: .auditRead, footer: true),
        Command(.showOutbox, keys: [.char("M")], title: "Outbox", help: "Show welcome and notification emails with their delivery status.", scope: .users, permission: .outboxRead),
        Command(.open, keys: [.enter], title: "Before → after", help: "Show the selected audit row's before and after as a diff.", scope: .usersAudit),
        Command(.verifyAudit, keys: [.char("v")], title: "Verify chain", help: "Verify the audit hash chain and show the result.", scope: .usersAudit, permission: .auditRead, footer: true),
    ]
}
