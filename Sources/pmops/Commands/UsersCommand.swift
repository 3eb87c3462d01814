import ArgumentParser
import Foundation
import OpsCore
import OpsStore

struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Staff accounts: list, show, add, change roles, update, deactivate, reactivate, import from HR.",
        subcommands: [List.self, Show.self, Add.self, SetRoles.self, Update.self, Deactivate.self, Reactivate.self, PurgeArchived.self,
                      UsersImportCommand.self, UsersPendingCommand.self, UsersOnboardCommand.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List staff accounts.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only accounts holding this role.") var role: String?
        @Option(help: "Only accounts with this status (active, deactivated).") var status: String?
        @Option(help: "Only this team.") var team: String?
        @Option(help: "Substring of login, name, email or team.") var filter: String?
        @OptionGroup var output: JSONOutput

        func run() throws {
            var f = StaffFilter(text: filter, team: team)
            if let role {
                guard let r = Role(name: role) else { throw OpsError.invalid(field: "role", message: "unknown role \(Printable.excerpt(role)).") }
                f.role = r
            }
            if let status {
                guard let s = AccountStatus(rawValue: status) else { throw OpsError.invalid(field: "status", message: "use active or deactivated.") }
                f.status = s
            }
            let accounts = try store.open().listStaff(f, as: store.actor)
            if output.json { return try CLI.printJSON(accounts.map { StaffJSON($0) }) }
            CLI.printTable(["LOGIN", "NAME", "ROLES", "TEAM", "STATUS"], accounts.map {
                [$0.login, $0.displayName ?? "—", $0.sortedRoles.map(\.rawValue).joined(separator: ","), $0.team ?? "", $0.status.rawValue]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one account with its permissions and open work.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The login.") var login: String
        @OptionGroup var output: JSONOutput

        func run() throws {
            let db = try store.open()
            let account = try db.staff(login: login, as: store.actor)
            let work = try db.openWork(login: account.login, as: store.actor)
            if output.json { return try CLI.printJSON(StaffJSON(account, detailed: true, openWork: work)) }
            print("login:       \(account.login)")
            print("name:        \(CLI.safe(account.displayName ?? "— (archived)"))")
            print("email:       \(CLI.safe(account.email ?? "— (archived)"))")
            print("team:        \(account.team ?? "—")")
            print("status:      \(account.status.rawValue)")
            print("roles:       \(account.roles.isEmpty ? "none" : account.sortedRoles.map(\.rawValue).joined(separator: ", "))")
            print("permissions: \(account.permissions.sorted().map(\.rawValue).joined(separator: ", "))")
            print("version:     \(account.version) (updated \(Timestamp.format(account.updatedAt)) by \(account.updatedBy ?? "—"))")
            print("open work:   \(work.isEmpty ? "none" : work.map { "\($0.kind) \($0.id)" }.joined(separator: ", "))")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account and queue its welcome email.",
            discussion: "Example: pmops users add jdoe --name \"Jane Doe\" --email jdoe@example.com --role ops --role security --team sre")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Login: a-z, 0-9, '_' and '-', starting with a letter or '_', at most 32.") var login: String
        @Option(help: "Display name, 1–80 printable characters.") var name: String
        @Option(help: "Email address.") var email: String
        @Option(name: .customLong("role"), help: "A role to grant (repeat for several).") var roles: [String] = []
        @Option(help: "Team (optional).") var team: String?
        @Flag(help: "Confirm granting super_admin, admin, security or auditor (refused without it).") var yes = false
        @OptionGroup var output: JSONOutput

        func run() throws {
            let account = try UsersCommand.confirming { () throws(OpsError) in
                try store.open().createStaff(NewStaff(login: login, displayName: name, email: email, team: team, roles: roles),
                                             confirmedPowerGrant: yes, as: store.actor)
            }
            if output.json { return try CLI.printJSON(StaffJSON(account, detailed: true)) }
            print("Created \(CLI.safe(account.summaryLine)); welcome email queued.")
        }
    }

    struct SetRoles: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-roles", abstract: "Replace an account's roles.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The login.") var login: String
        @Option(name: .customLong("role"), help: "A role to hold (repeat; the list replaces the current roles).") var roles: [String] = []
        @Flag(help: "Remove every role.") var none = false
        @Option(name: .customLong("expect-version"), help: "Refuse if the account changed since this version.") var expectVersion: Int?
        @Flag(help: "Confirm granting super_admin, admin, security or auditor (refused without it).") var yes = false
        @OptionGroup var output: JSONOutput

        func validate() throws {
            try UsersCommand.checkVersion(expectVersion)
            if roles.isEmpty, !none { throw ValidationError("Give at least one --role, or --none to remove every role.") }
            if !roles.isEmpty, none { throw ValidationError("--none cannot be combined with --role.") }
        }

        func run() throws {
            let account = try UsersCommand.confirming { () throws(OpsError) in
                try store.open().setRoles(login: login, roles: roles, expectedVersion: expectVersion, confirmedPowerGrant: yes, as: store.actor)
            }
            if output.json { return try CLI.printJSON(StaffJSON(account, detailed: true)) }
            print("Updated \(CLI.safe(account.summaryLine)).")
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change an account's name, email or team.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The login.") var login: String
        @Option(help: "New display name.") var name: String?
        @Option(help: "New email address.") var email: String?
        @Option(help: "New team.") var team: String?
        @Flag(name: .customLong("clear-team"), help: "Remove the team.") var clearTeam = false
        @Option(name: .customLong("expect-version"), help: "Refuse if the account changed since this version.") var expectVersion: Int?
        @OptionGroup var output: JSONOutput

        func validate() throws {
            try UsersCommand.checkVersion(expectVersion)
        }

        func run() throws {
            let teamChange: String?? = clearTeam ? .some(nil) : team.map { .some($0) }
            let account = try store.open().updateStaff(login: login, changes: StaffChanges(displayName: name, email: email, team: teamChange),
                                                       expectedVersion: expectVersion, as: store.actor)
            if output.json { return try CLI.printJSON(StaffJSON(account, detailed: true)) }
            print("Updated \(CLI.safe(account.summaryLine)).")
        }
    }

    struct Deactivate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deactivate an account: revoke roles, archive personal data.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The login.") var login: String
        @Option(help: "Why (required; recorded in the audit trail).") var reason: String
        @Option(name: .customLong("reassign-to"), help: "Give the person's open work to this login.") var reassignTo: String?
        @Option(name: .customLong("expect-version"), help: "Refuse if the account changed since this version.") var expectVersion: Int?
        @OptionGroup var output: JSONOutput

        func validate() throws {
            try UsersCommand.checkVersion(expectVersion)
        }

        func run() throws {
            let result = try store.open().deactivate(login: login, reason: reason, reassignTo: reassignTo, expectedVersion: expectVersion, as: store.actor)
            let paging = result.routingLevels.map { "team \($0.team) level \($0.level)" }
            if output.json {
                return try CLI.printJSON(DeactivationJSON(account: StaffJSON(result.account), reassigned: result.reassigned,
                                                          purgeAfter: result.purgeAfter, stillPagedBy: paging,
                                                          futureShifts: result.futureShifts.map { "\($0.schedule) \(Timestamp.format($0.start))–\(Timestamp.format($0.end))" }))
            }
            print("Deactivated '\(result.account.login)'; roles revoked; personal data archived until \(result.purgeAfter)\(result.reassigned > 0 ? "; \(result.reassigned) item(s) reassigned" : "").")
            if !paging.isEmpty {
                print("The routing still pages '\(result.account.login)' at \(paging.joined(separator: ", ")); those pages now go to the next level. Fix it with 'pmops routing load FILE'.")
            }
            if !result.futureShifts.isEmpty {
                print("'\(result.account.login)' has \(result.futureShifts.count) on-call shift(s) in the next 90 days; nobody takes them until you add an override or load a schedule without them:")
                for shift in result.futureShifts.prefix(20) {
                    print("  \(shift.schedule)  \(Timestamp.format(shift.start)) – \(Timestamp.format(shift.end))  (pmops oncall override add --schedule \(shift.schedule) --covered \(result.account.login) …)")
                }
            }
        }
    }

    struct DeactivationJSON: Encodable {
        var account: StaffJSON
        var reassigned: Int
        var purgeAfter: String
        var stillPagedBy: [String]
        var futureShifts: [String]
        enum CodingKeys: String, CodingKey { case account, reassigned, purgeAfter = "purge_after", stillPagedBy = "still_paged_by", futureShifts = "future_shifts" }
    }

    struct Reactivate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reactivate an account (without its old roles).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The login.") var login: String
        @Option(help: "Display name (needed when the archive was purged).") var name: String?
        @Option(help: "Email (needed when the archive was purged).") var email: String?
        @OptionGroup var output: JSONOutput

        func run() throws {
            let account = try store.open().reactivate(login: login, displayName: name, email: email, as: store.actor)
            if output.json { return try CLI.printJSON(StaffJSON(account, detailed: true)) }
            print("Reactivated \(CLI.safe(account.summaryLine)). Grant roles with 'pmops users set-roles \(account.login) --role …'.")
        }
    }

    struct PurgeArchived: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "purge-archived", abstract: "Delete archived personal data past its retention date.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: JSONOutput

        func run() throws {
            let purged = try store.open().purgeArchived(as: store.actor)
            if output.json { return try CLI.printJSON(["purged": purged]) }
            print(purged.isEmpty ? "Nothing is past its retention date." : "Purged archived data of \(purged.count) account(s): \(purged.joined(separator: ", ")).")
        }
    }

    /// The store asks for a second look before granting a powerful role; on the command
    /// line that look is `--yes`, which the store's sentence cannot know about.
    static func confirming<T>(_ body: () throws(OpsError) -> T) throws(OpsError) -> T {
        do { return try body() } catch {
            if case let .invalid(field, message) = error, field == "confirmation" {
                throw .invalid(field: field, message: message + " Add --yes to confirm it.")
            }
            throw error
        }
    }

    /// `--expect-version` within `InputLimits.counts`.
    static func checkVersion(_ version: Int?) throws {
        guard let version else { return }
        try CLI.validating { () throws(OpsError) in try InputLimits.count(version, field: "expect-version") }
    }
}
