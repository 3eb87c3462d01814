import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops integrations deprecate|deprecations`: API sunset notices with a countdown.
extension IntegrationsCommand {
    struct Deprecate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an API deprecation (--api, --sunset, --item…), or work one (--notice N --tick K… [--migrated]).",
            discussion: "Reminders go to the owner team at 30, 14, 7 and 1 days; from 14 days an alert fires until the notice is marked migrated.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Integration id (for a new notice).") var id: String?
        @Option(help: "The API being retired.") var api: String?
        @Option(help: ArgumentHelp("Sunset date (YYYY-MM-DD).", valueName: "date")) var sunset: String?
        @Option(name: .customLong("item"), help: ArgumentHelp("A migration checklist item (repeat).", valueName: "text")) var items: [String] = []
        @Option(help: "An existing notice to update.") var notice: Int64?
        @Option(help: "Tick checklist item K of --notice (repeat).") var tick: [Int] = []
        @Flag(help: "Mark --notice migrated (every item ticked); resolves its alert.") var migrated = false
        @OptionGroup var output: JSONOutput

        func validate() throws {
            if notice == nil {
                guard id != nil, api != nil, let sunset else { throw ValidationError("A new notice needs ID, --api and --sunset (and --item for its checklist).") }
                try CLI.validating { () throws(OpsError) in _ = try IntegrationValidation.date(sunset, field: "--sunset", now: Date()) }
            } else if tick.isEmpty, !migrated {
                throw ValidationError("--notice needs --tick K or --migrated.")
            }
        }

        func run() throws {
            let db = try store.open(requiring: .integrationsManage)
            let result: Deprecation
            if let notice {
                result = try db.updateDeprecation(notice, tick: tick, migrated: migrated, as: store.actor)
            } else if let id, let api, let sunset {
                let date = try IntegrationValidation.date(sunset, field: "--sunset", now: Date())
                result = try db.addDeprecation(integration: id, api: api, sunset: date, checklist: items, as: store.actor)
            } else {
                return
            }
            if output.json { return try DatedJSON.print(result) }
            print(Deprecations.line(result, now: Date()))
        }
    }

    struct Deprecations: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "API deprecation notices by sunset, with the countdown and checklist.")
        @OptionGroup var store: StoreOptions
        @Flag(help: "Include notices already migrated.") var all = false
        @OptionGroup var output: JSONOutput
        func run() throws {
            let notices = try store.open(requiring: .changesRead).deprecations(includeMigrated: all, as: store.actor)
            if output.json { return try DatedJSON.print(notices) }
            if notices.isEmpty { return print("No open deprecation notices.") }
            try CLI.writeLines(notices.flatMap { n in
                [Self.line(n, now: Date())] + n.checklist.enumerated().map { "    \($0.offset + 1). [\($0.element.done ? "x" : " ")] \(CLI.safe($0.element.text))" }
            })
        }

        static func line(_ n: Deprecation, now: Date) -> String {
            let days = n.daysLeft(now: now)
            let countdown = n.migratedAt != nil ? "migrated" : days < 0 ? "PAST SUNSET by \(-days) d" : "\(days) d left"
            let ticked = n.checklist.filter(\.done).count
            return "  #\(n.id) \(n.integration): \(CLI.safe(n.api)) sunsets \(Timestamp.format(n.sunset).prefix(10)) · \(countdown) · checklist \(ticked)/\(n.checklist.count)"
        }
    }
}
