import ArgumentParser
import OpsCore

/// The root command: `pmops` alone opens the console.
struct Pmops: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "pmops",
        abstract: "PenguinOps: the operations console and CLI for PenguinMails staff.",
        discussion: """
        Run with no subcommand to open the console. Every action is also a subcommand
        (noun verb) with --json output for scripts. The acting user is the OS login running
        pmops. Exit codes: 0 ok, 1 failure, 2 usage/validation, 3 not found,
        4 permission denied, 5 conflict.
        """,
        version: version,
        subcommands: [
            ConsoleCommand.self, InitCommand.self, UsersCommand.self, RolesCommand.self, AuditCommand.self,
            OutboxCommand.self, SettingsCommand.self, DBCommand.self, DemoCommand.self, CollectCommand.self, MetricsCommand.self,
            RulesCommand.self, AlertsCommand.self, SilencesCommand.self, RoutingCommand.self, OnCallCommand.self, TicketsCommand.self, KBCommand.self,
            CustomersCommand.self, IntegrationsCommand.self, BillingCommand.self, IncidentsCommand.self, ChangesCommand.self, DeploysCommand.self, FlagsCommand.self, ConfigCommand.self, KPICommand.self,
            BenchCommand.self, DebugCommand.self,
        ],
        defaultSubcommand: ConsoleCommand.self)
}
