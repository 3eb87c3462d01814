import ArgumentParser
import Foundation
import OpsCore
import OpsStore

extension BenchCommand {
    /// `pmops bench mail-in`: the mail gateway end to end (read a Maildir file, parse,
    /// place it in one transaction, move it to cur/), as `pmops tickets mail-in` does,
    /// without the process start.
    struct MailIn: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mail-in",
            abstract: "Mail gateway: Maildir messages read, parsed and placed, in messages per second (target ≥ 500).",
            discussion: """
            Each run: a fresh WAL file store with one customer whose contacts are the samples'
            senders, and a Maildir holding --messages copies of the samples in --samples (the
            three real messages in Docs/samples/mail), each with its own Message-ID; every
            second copy answers the copy before it (In-Reply-To), so half open a ticket in
            triage and half are appended to one. Timed: list new/, then per file read + parse +
            receiveMail + move to cur/.
            """)
        @OptionGroup var report: BenchReportOptions
        @Option(help: ArgumentHelp("Directory of .eml samples.", valueName: "path")) var samples = "Docs/samples/mail"
        @Option(help: "Messages per run.") var messages = 3_000
        @Option(help: "Runs.") var runs = 3

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(messages, field: "messages", in: 2...1_000_000)
                try InputLimits.count(runs, field: "runs", in: BenchLimits.runs)
            }
        }

        func run() throws {
            let names = try FileManager.default.contentsOfDirectory(atPath: samples).filter { $0.hasSuffix(".eml") }.sorted()
            let bodies = try names.map { try Data(contentsOf: URL(fileURLWithPath: samples + "/" + $0)) }
            guard !bodies.isEmpty else { throw ValidationError("No .eml files in \(samples).") }
            let senders = try bodies.compactMap { try MIMEParser.parse($0).from?.email }
            let machine = BenchMachine.current()
            var rates = BenchSamples()
            let login = OSIdentity.currentLogin()
            let actor = ActorContext(osLogin: login)
            for run in 0..<runs {
                let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pmops-mailin-bench-\(getpid())-\(run)").path
                try? FileManager.default.removeItem(atPath: dir)
                for sub in ["new", "cur", "tmp"] { try FileManager.default.createDirectory(atPath: dir + "/maildir/" + sub, withIntermediateDirectories: true) }
                defer { try? FileManager.default.removeItem(atPath: dir) }
                let db = try AppDatabase(path: dir + "/s.db")
                _ = try db.initialize(login: login, displayName: "Bench", email: "\(login)@bench.example.com")
                _ = try db.importCustomers([Customer(id: "bench", name: "Bench Mail", plan: .growth, status: .active, successManager: nil,
                                                     contacts: Set(senders).sorted().map { CustomerContact(name: "Contact", email: $0) },
                                                     created: Date())], as: actor)
                for i in 0..<messages {
                    var head = "Message-ID: <bench.\(i)@bench.example>\r\n"
                    if i % 2 == 1 { head += "In-Reply-To: <bench.\(i - 1)@bench.example>\r\n" }
                    let name = String(format: "%010d.M%dP%d.bench", 1_790_000_000 + i, i, getpid())
                    try (Data(head.utf8) + bodies[i % bodies.count]).write(to: URL(fileURLWithPath: dir + "/maildir/new/" + name))
                }
                let inbox = MaildirInbox(root: dir + "/maildir")
                var outcomes: [MailInOutcome: Int] = [:]
                let start = BenchClock.nanos()
                for name in try inbox.waiting() {
                    let result = try db.receiveMail(try inbox.read(name), as: actor)
                    try inbox.markSeen(name)
                    outcomes[result.outcome, default: 0] += 1
                }
                let seconds = Double(BenchClock.nanos() - start) / 1e9
                guard outcomes[.opened] == (messages + 1) / 2, outcomes[.appended] == messages / 2 else {
                    throw ValidationError("unexpected outcomes \(outcomes)")
                }
                rates.append(Double(messages) / seconds)
                report.progress("run \(run + 1): \(messages) messages in \(String(format: "%.2f", seconds)) s")
            }
            try BenchReport(suite: "mail-in", date: BenchReport.now(), label: report.label, machine: machine,
                            fixture: ["messages": "\(messages) copies of \(names.joined(separator: ", ")), half opening tickets, half replies; WAL file store"],
                            figures: [
                                BenchFigure(id: "mail.in", label: "mail-in: read + parse + place + move to cur/", unit: "messages/s", perRun: rates,
                                            target: BenchTarget(stat: .median, comparison: .atLeast, value: 500)),
                            ]).print(json: report.json, saveTo: report.save)
        }
    }
}
