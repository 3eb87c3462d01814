import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// The pending-onboarding list: people an import could not create, and creating one by
/// hand once the reason is fixed (the console's Pending onboarding view does the same).
struct UsersPendingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pending", abstract: "List people an HR import could not create, with the reason.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: JSONOutput

    struct Entry: Encodable {
        var id: Int64
        var login: String
        var name, email, team: String?
        var roles: [String]
        var line: Int
        var field, reason: String
        var sha256: String
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id); try c.encode(login, forKey: .login); try c.encode(name, forKey: .name)
            try c.encode(email, forKey: .email); try c.encode(team, forKey: .team); try c.encode(roles, forKey: .roles)
            try c.encode(line, forKey: .line); try c.encode(field, forKey: .field); try c.encode(reason, forKey: .reason)
            try c.encode(sha256, forKey: .sha256)
        }
        enum CodingKeys: String, CodingKey { case id, login, name, email, team, roles, line, field, reason, sha256 = "source_sha256" }
    }

    func run() throws {
        let pending = try store.open().pendingOnboarding(as: store.actor)
        if output.json {
            return try CLI.printJSON(pending.map {
                Entry(id: $0.id, login: $0.login, name: $0.displayName, email: $0.email, team: $0.team, roles: $0.roles,
                      line: $0.line, field: $0.field, reason: $0.reason, sha256: $0.sourceSHA256)
            })
        }
        if pending.isEmpty { return print("Nobody is waiting: every imported person has an account.") }
        CLI.printTable(["ID", "LOGIN", "NAME", "EMAIL", "LINE", "REASON"], pending.map {
            ["\($0.id)", CLI.safe($0.login), CLI.safe($0.displayName ?? "—"), CLI.safe($0.email ?? "—"), "\($0.line)", CLI.safe("\($0.field): \($0.reason)")]
        })
    }
}

/// `users onboard ID`: creates a pending person by hand, with the fields corrected.
struct UsersOnboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onboard", abstract: "Create the account of a pending-onboarding entry, with corrected fields.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "The entry's id (from 'pmops users pending').") var id: Int
    @Option(help: "Login (default: the entry's).") var login: String?
    @Option(help: "Display name (default: the entry's).") var name: String?
    @Option(help: "Email (default: the entry's).") var email: String?
    @Option(help: "Team (default: the entry's).") var team: String?
    @Option(name: .customLong("role"), help: "A role to grant (repeat; default: the roles the mapping gave).") var roles: [String] = []
    @Flag(help: "Confirm granting super_admin, admin, security or auditor.") var yes = false
    @OptionGroup var output: JSONOutput

    func validate() throws {
        try CLI.validating { () throws(OpsError) in try InputLimits.count(id, field: "id") }
    }

    func run() throws {
        let db = try store.open()
        guard let entry = try db.pendingOnboarding(as: store.actor).first(where: { $0.id == Int64(id) }) else {
            throw OpsError.notFound("No pending onboarding entry \(id); see 'pmops users pending'.")
        }
        let new = NewStaff(login: login ?? entry.login, displayName: name ?? entry.displayName ?? "", email: email ?? entry.email ?? "",
                           team: team ?? entry.team, roles: roles.isEmpty ? entry.roles : roles)
        let account = try UsersCommand.confirming { () throws(OpsError) in
            try db.completePendingOnboarding(id: entry.id, new, confirmedPowerGrant: yes, as: store.actor)
        }
        if output.json { return try CLI.printJSON(StaffJSON(account, detailed: true)) }
        print("Created \(CLI.safe(account.summaryLine)) from pending entry \(id); welcome email queued.")
    }
}
