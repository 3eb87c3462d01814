import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops customers onboarding|outreach|plan|log`: milestones and the success log.
extension CustomersCommand {
    struct Onboarding: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A customer's onboarding milestones with dates; --done records one.",
            discussion: "Milestones: \(OnboardingMilestone.allCases.map(\.rawValue).joined(separator: ", ")).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Customer id.") var id: String
        @Option(help: ArgumentHelp("Mark this milestone reached.", valueName: "milestone")) var done: String?
        @Option(help: ArgumentHelp("When it was reached (YYYY-MM-DD or a timestamp; default now).", valueName: "date")) var at: String?
        @OptionGroup var output: JSONOutput

        func validate() throws {
            if let done, OnboardingMilestone(name: done) == nil {
                throw ValidationError("Unknown milestone \(Printable.excerpt(done)); one of \(OnboardingMilestone.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            if at != nil, done == nil { throw ValidationError("--at needs --done MILESTONE.") }
            if let at, Timestamp.parse(at) == nil { throw ValidationError("--at \(Printable.excerpt(at)) is not a date (YYYY-MM-DD).") }
        }

        func run() throws {
            let db = try store.open(requiring: done == nil ? .ticketsRead : .customersManage)
            let states: [MilestoneState]
            if let done, let milestone = OnboardingMilestone(name: done) {
                states = try db.completeMilestone(milestone, customer: id, at: at.flatMap(Timestamp.parse), as: store.actor)
            } else {
                states = try db.onboarding(customer: id, as: store.actor)
            }
            if output.json { return try DatedJSON.print(states) }
            let reached = states.filter { $0.doneAt != nil }.count
            try CLI.writeLines(["Onboarding of \(id): \(reached) of \(states.count) milestones"] + states.map { s in
                "  [\(s.doneAt == nil ? " " : "x")] \(s.milestone.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) "
                    + (s.doneAt.map { "\(Timestamp.format($0).prefix(10)) (\(s.recordedBy ?? "?"))" } ?? "-")
            })
        }
    }

    struct Outreach: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Log outreach to a customer (counts as contact for the health score).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Customer id.") var id: String
        @Option(help: "What was said or agreed.") var note: String
        @OptionGroup var output: JSONOutput
        func run() throws {
            let entry = try store.open(requiring: .customersManage).addSuccessEntry(.outreach, customer: id, note: note, as: store.actor)
            if output.json { return try DatedJSON.print(entry) }
            print("Logged outreach #\(entry.id) to \(id).")
        }
    }

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a success plan note for a customer, or list the log with --list.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Customer id.") var id: String
        @Option(help: "The plan note.") var note: String?
        @OptionGroup var output: JSONOutput
        func validate() throws {
            if let note, note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("--note must not be empty.") }
        }
        func run() throws {
            let db = try store.open(requiring: note == nil ? .ticketsRead : .customersManage)
            if let note {
                let entry = try db.addSuccessEntry(.plan, customer: id, note: note, as: store.actor)
                if output.json { return try DatedJSON.print(entry) }
                return print("Added plan note #\(entry.id) to \(id).")
            }
            let entries = try db.successEntries(customer: id, as: store.actor)
            if output.json { return try DatedJSON.print(entries) }
            if entries.isEmpty { return print("No success log for \(id) yet.") }
            try CLI.writeLines(entries.map { "\(Timestamp.format($0.at).prefix(16))  \($0.kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \($0.author): \(CLI.safe($0.body))" })
        }
    }
}
