import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops billing …`: Stripe webhook events in, and the money problems they raise.
struct BillingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "billing", abstract: "Stripe billing: ingest signed webhook events, list them, link customers, dunning, disputes, reconciliation and revenue.",
        subcommands: [Ingest.self, Spool.self, Events.self, Event.self, Link.self, Dunning.self, Disputes.self, Reconcile.self, Revenue.self])

    /// The endpoint signing secret: from the operator's environment or a file the operator
    /// owns, never from the store.
    static func secret(file: String?) throws(OpsError) -> String {
        if let file {
            guard let data = FileManager.default.contents(atPath: file), data.count <= 4_096,
                  let text = String(data: data, encoding: .utf8) else {
                throw .notFound("Cannot read the signing secret from \(Printable.excerpt(file)) (a UTF-8 file of at most 4 KiB).")
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let env = ProcessInfo.processInfo.environment["PMOPS_STRIPE_WEBHOOK_SECRET"], !env.isEmpty else {
            throw .invalid(field: "secret", message: "set PMOPS_STRIPE_WEBHOOK_SECRET to the endpoint's signing secret (whsec_…) or give --secret-file.")
        }
        return env
    }

    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify and store one Stripe webhook event (the raw request body).",
            discussion: """
            The body comes from FILE or standard input ('-'), at most 1 MiB, byte for byte as Stripe sent it. --signature is the \
            Stripe-Signature header. The signing secret comes from $PMOPS_STRIPE_WEBHOOK_SECRET or --secret-file. A refused \
            signature stores nothing (exit 4). The same event id ingested twice changes nothing.
            """)
        @OptionGroup var store: StoreOptions
        @Argument(help: "The event body: a file, or '-' for standard input.") var file = "-"
        @Option(help: "The Stripe-Signature header value.") var signature: String
        @Option(help: "A file holding the endpoint signing secret (default: $PMOPS_STRIPE_WEBHOOK_SECRET).") var secretFile: String?
        @Option(help: "Seconds a signature stays valid (0 turns the age check off).") var tolerance = 300
        @OptionGroup var output: JSONOutput

        func run() throws {
            try InputLimits.count(tolerance, field: "--tolerance", in: 0...86_400)
            let secret = try BillingCommand.secret(file: secretFile)
            let handle = file == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: file)
            guard let handle else { throw OpsError.notFound("Cannot read \(Printable.excerpt(file)).") }
            let data = (try? handle.read(upToCount: StripeEvent.maxBytes + 1)) ?? Data()
            let result = try store.open().ingestBillingEvent(Array(data), signature: signature, secret: secret, tolerance: Int64(tolerance), as: store.actor)
            if output.json { return try CLI.printJSON(result) }
            let who = result.customer.map { "customer \($0)" } ?? (result.stripeCustomer.map { "unmatched Stripe customer \(CLI.safe($0))" } ?? "no customer")
            var line = "\(CLI.safe(result.event)) \(CLI.safe(result.type)): \(result.outcome) (\(who))."
            if let ticket = result.ticket { line += " Opened \(ticket) for the dispute." }
            print(line)
        }
    }

    struct Spool: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ingest every delivery a webhook relay left in a spool folder (spool:PATH).",
            discussion: """
            Each file in PATH/new holds the Stripe-Signature header line, a blank line and the raw body. Ingested files move to \
            done/; refused ones to refused/ with a NAME.reason file beside them (never deleted). The collector's \
            `stripe NAME spool:PATH` source runs the same pass on its schedule.
            """)
        @OptionGroup var store: StoreOptions
        @Argument(help: "spool:PATH") var spool: String
        @Option(help: "A file holding the endpoint signing secret (default: $PMOPS_STRIPE_WEBHOOK_SECRET).") var secretFile: String?
        @OptionGroup var output: JSONOutput
        func run() throws {
            guard spool.hasPrefix("spool:"), spool.count > 6 else {
                throw OpsError.invalid(field: "spool", message: "give the folder as spool:PATH, not \(Printable.excerpt(spool)).")
            }
            let secret = try BillingCommand.secret(file: secretFile)
            let batch = try StripeSpool(root: String(spool.dropFirst(6))).receiveAll(into: try store.open(), secret: secret, as: store.actor)
            if output.json { return try CLI.printJSON(batch) }
            for result in batch.results {
                print("\(result.outcome.padding(toLength: 11, withPad: " ", startingAt: 0)) \(CLI.safe(result.file))  \(CLI.safe(result.event ?? result.reason ?? ""))")
            }
            for failure in batch.failures { CLI.writeStderr("Not handled (left in new/): \(CLI.safe(failure))\n") }
            print("Read \(batch.results.count) deliveries: " + StripeSpool.outcomes.map { "\(batch.count($0)) \($0)" }.joined(separator: ", ") + ".")
            if !batch.failures.isEmpty { throw ExitCode(1) }
        }
    }

    struct Events: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stored Stripe events, newest first.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only this outcome: applied, superseded or unmodelled.") var outcome: String?
        @Flag(help: "Only events whose Stripe customer is not linked to the directory.") var unmatched = false
        @Option(help: "At most this many.") var limit = 100
        @OptionGroup var output: JSONOutput
        func run() throws {
            if let outcome, !["applied", "superseded", "unmodelled"].contains(outcome) {
                throw OpsError.invalid(field: "--outcome", message: "give applied, superseded or unmodelled.")
            }
            let events = try store.open().billingEvents(outcome: outcome, unmatched: unmatched, limit: limit, as: store.actor)
            if output.json { return try CLI.printJSON(events) }
            CLI.printTable(["EVENT", "TYPE", "CREATED", "OUTCOME", "OBJECT", "CUSTOMER"], events.map {
                [CLI.safe($0.id), CLI.safe($0.type), Timestamp.format(Date(timeIntervalSince1970: TimeInterval($0.created))), $0.outcome,
                 CLI.safe($0.object ?? "-"), $0.customer ?? ($0.stripeCustomer.map { "unmatched \(CLI.safe($0))" } ?? "-")]
            })
        }
    }

    struct Event: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one stored event's raw body, exactly as Stripe sent it.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The event id (evt_…).") var id: String
        func run() throws {
            let raw = try store.open().billingEventRaw(id, as: store.actor)
            // Exact bytes on a pipe; on a terminal, sanitised like every other untrusted text.
            if isatty(STDOUT_FILENO) == 1 { print(CLI.safe(String(decoding: raw, as: UTF8.self))) } else { try CLI.write(raw, to: STDOUT_FILENO, what: "the event") }
        }
    }

    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Link a Stripe customer (cus_…) to a directory customer; opens tickets for its waiting disputes.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The Stripe customer id.") var stripeCustomer: String
        @Argument(help: "The directory customer id.") var customer: String
        func run() throws {
            let tickets = try store.open().linkBillingCustomer(stripeCustomer, to: customer, as: store.actor)
            print("Linked \(CLI.safe(stripeCustomer)) to \(customer).\(tickets.isEmpty ? "" : " Opened \(tickets.map(\.description).joined(separator: ", ")) for its disputes.")")
        }
    }

    struct Dunning: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Customers owing after failed payments, with the recommended account status and why.",
            discussion: """
            The standing is a recommendation (active, past-due, suspend) with its reason; pmops never suspends a tenant. \
            --schedule lists each unpaid invoice with Stripe's retry schedule as Stripe reports it (attempts so far, next \
            attempt) and the reminders mailed. Reminder text: settings billing.reminder_subject and billing.reminder_body.
            """)
        @OptionGroup var store: StoreOptions
        @Flag(help: "One line per unpaid invoice with its retry schedule and reminders.") var schedule = false
        @OptionGroup var output: JSONOutput
        func run() throws {
            let entries = try store.open().dunning(as: store.actor)
            if output.json { return try CLI.printJSON(entries) }
            if schedule {
                return CLI.printTable(["CUSTOMER", "INVOICE", "OWED", "ATTEMPTS", "NEXT ATTEMPT", "REMINDED", "STANDING"], entries.flatMap { entry in
                    entry.schedule.map {
                        [entry.customer ?? "unmatched \(CLI.safe(entry.stripeCustomer))", CLI.safe($0.invoice), $0.owed, String($0.attempts),
                         $0.nextAttempt.map { String(Timestamp.format(Date(timeIntervalSince1970: TimeInterval($0))).prefix(16)) } ?? "none (Stripe stopped)",
                         $0.reminders == 0 ? "-" : "\($0.reminders)×", entry.standing]
                    }
                })
            }
            CLI.printTable(["CUSTOMER", "STANDING", "OWED", "INVOICES", "WHY"], entries.map {
                [$0.customer ?? "unmatched \(CLI.safe($0.stripeCustomer))", $0.standing, $0.owed.joined(separator: " + "),
                 String($0.invoices.count), CLI.safe($0.reason)]
            })
        }
    }

    struct Disputes: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disputes, those needing a response first, with their tickets.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: JSONOutput
        func run() throws {
            let disputes = try store.open().disputes(as: store.actor)
            if output.json { return try CLI.printJSON(disputes) }
            CLI.printTable(["DISPUTE", "CUSTOMER", "STATUS", "AMOUNT", "EVIDENCE DUE", "TICKET"], disputes.map {
                [CLI.safe($0.id), $0.customer ?? ($0.stripeCustomer.map { "unmatched \(CLI.safe($0))" } ?? "-"), CLI.safe($0.status), $0.amount,
                 $0.evidenceDueBy.map { String(Timestamp.format(Date(timeIntervalSince1970: TimeInterval($0))).prefix(16)) } ?? "-", $0.ticket ?? "-"]
            })
        }
    }
}
