import ArgumentParser
import OpsCore

struct RolesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles", abstract: "The built-in roles and their permissions.",
        subcommands: [List.self, Show.self])

    struct RoleJSON: Encodable {
        var name: String
        var summary: String
        var permissions: [String]
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List roles.")
        @OptionGroup var output: JSONOutput
        @Flag(help: "Print the role → permission matrix as Markdown.") var markdown = false
        func run() throws {
            if markdown { return print(RoleMatrix.markdown(), terminator: "") }
            if output.json {
                return try CLI.printJSON(Role.allCases.map { RoleJSON(name: $0.rawValue, summary: $0.summary, permissions: RoleMatrix.permissions(of: $0).sorted().map(\.rawValue)) })
            }
            CLI.printTable(["ROLE", "PERMISSIONS", "WHO"], Role.allCases.map { [$0.rawValue, String(RoleMatrix.permissions(of: $0).count), $0.summary] })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one role's permissions.")
        @Argument(help: "Role name.") var role: String
        @OptionGroup var output: JSONOutput
        func run() throws {
            guard let r = Role(name: role) else {
                throw OpsError.notFound("No role \(Printable.excerpt(role)); roles are \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            let permissions = RoleMatrix.permissions(of: r).sorted()
            if output.json { return try CLI.printJSON(RoleJSON(name: r.rawValue, summary: r.summary, permissions: permissions.map(\.rawValue))) }
            print("\(r.rawValue): \(r.summary)")
            for p in permissions { print("  \(p.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) \(p.summary)") }
        }
    }
}
