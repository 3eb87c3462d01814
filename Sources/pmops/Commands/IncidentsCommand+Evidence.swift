import ArgumentParser
import Foundation
import OpsCore
import OpsStore

extension IncidentsCommand {
    struct Evidence: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evidence: add a file or text (SHA-256, collector, time), hand it over (chain of custody), verify every hash.",
            subcommands: [EvidenceAdd.self, EvidenceTransfer.self, EvidenceCustody.self, EvidenceVerify.self])
    }

    struct EvidenceAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Copy a file into the store's evidence folder (STORE.evidence, mode 0600) or record a text, with its SHA-256.",
            discussion: "Files are at most 64 MiB; a larger or unreadable file is refused and nothing is recorded.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(help: "The file to preserve.") var file: String?
        @Option(help: "A text to preserve instead (a log excerpt, where the cold copy is).") var text: String?
        @Option(help: "Context: where it came from.") var note: String?
        @OptionGroup var output: JSONOutput
        func validate() throws { if (file == nil) == (text == nil) { throw ValidationError("Give --file PATH or --text TEXT.") } }
        func run() throws {
            let item = try store.open().addIncidentEvidence(target.number, file: file, text: text, note: note, as: store.actor)
            if output.json { return try CLI.printJSON(EvidenceJSON(item)) }
            print("Recorded evidence E\(item.id) on \(target.number): \(CLI.safe(item.name)), \(item.bytes) bytes, SHA-256 \(item.sha256).")
        }
    }

    struct EvidenceTransfer: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "transfer", abstract: "Hand an evidence item to another person (chain of custody).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Argument(help: "The item (E3 or 3).") var item: String
        @Option(help: "The login receiving it.") var to: String
        @Option(help: "Why, how (sealed bag, encrypted copy…).") var note: String?
        @OptionGroup var output: JSONOutput
        func validate() throws { if EvidenceCustody.id(item) == nil { throw ValidationError("\(Printable.excerpt(item)) is not an evidence item; write it as E3.") } }
        func run() throws {
            let incident = try store.open().transferIncidentEvidence(target.number, evidence: EvidenceCustody.id(item) ?? 0, to: to, note: note, as: store.actor)
            try IncidentsCommand.report(incident, "Handed over evidence on", json: output.json)
        }
    }

    struct EvidenceCustody: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "custody", abstract: "The chain of custody of one evidence item.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Argument(help: "The item (E3 or 3).") var item: String
        @OptionGroup var output: JSONOutput
        static func id(_ text: String) -> Int64? {
            let digits = text.uppercased().hasPrefix("E") ? String(text.dropFirst()) : text
            guard digits.count <= 12, let value = Int64(digits), value > 0 else { return nil }
            return value
        }
        func validate() throws { if Self.id(item) == nil { throw ValidationError("\(Printable.excerpt(item)) is not an evidence item; write it as E3.") } }
        func run() throws {
            let steps = try store.open().evidenceCustody(target.number, evidence: Self.id(item) ?? 0, as: store.actor)
            if steps.isEmpty { throw OpsError.notFound("\(target.number) has no evidence \(CLI.safe(item)).") }
            if output.json {
                return try CLI.printJSON(steps.map { ["from": $0.from ?? "", "to": $0.to, "at": Timestamp.format($0.at), "note": $0.note ?? ""] })
            }
            CLI.printTable(["AT", "FROM", "TO", "NOTE"], steps.map { [Timestamp.format($0.at), $0.from ?? "-", $0.to, $0.note ?? ""] })
        }
    }

    struct EvidenceVerify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Recompute every evidence hash; exit 1 naming each item whose file, stored hash or audited hash differ.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @OptionGroup var output: JSONOutput
        func run() throws {
            let checks = try store.open().verifyIncidentEvidence(target.number, as: store.actor)
            let bad = checks.filter { $0.problem != nil }
            if output.json {
                try CLI.printJSON(checks.map { EvidenceJSON($0.item, problem: $0.problem) })
            } else {
                for check in checks { print(check.problem.map { "MISMATCH \(CLI.safe($0))" } ?? "ok E\(check.item.id) \(CLI.safe(check.item.name)) \(check.item.sha256)") }
                if bad.isEmpty { print("\(checks.count) evidence item\(checks.count == 1 ? "" : "s") of \(target.number) verified.") }
            }
            if !bad.isEmpty {
                throw OpsError.failure("Evidence of \(target.number) does not verify: \(bad.map { "E\($0.item.id)" }.joined(separator: ", ")).")
            }
        }
    }
}
