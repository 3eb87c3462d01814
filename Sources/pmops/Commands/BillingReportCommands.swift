import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops billing reconcile` and `pmops billing revenue`: finance's reports, from the store.
extension BillingCommand {
    struct Reconcile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Paid invoices against succeeded charges against refunds; every mismatch with its reason.",
            discussion: """
            Covers invoices and charges created since --since (a charge for an invoice in the period counts whatever its date). \
            Amounts are exact integers in each currency's minor unit. Exit 0 also when mismatches are listed.
            """)
        @OptionGroup var store: StoreOptions
        @Option(help: "Period: 30d, 24h, or a UTC date.") var since = "30d"
        @OptionGroup var output: JSONOutput

        func validate() throws {
            try CLI.validating { () throws(OpsError) in _ = try CLI.since(since, field: "since") }
        }

        func run() throws {
            let from = Int64(try CLI.since(since, field: "since").timeIntervalSince1970.rounded(.down))
            let report = try store.open().reconcileBilling(since: from, as: store.actor)
            if output.json { return try CLI.printJSON(report) }
            print("Reconciliation since \(Timestamp.format(Date(timeIntervalSince1970: TimeInterval(from))).prefix(16)) UTC: "
                + "\(report.matched) of \(report.paidInvoices) paid invoice\(report.paidInvoices == 1 ? "" : "s") matched, "
                + "\(report.mismatches.count) mismatch\(report.mismatches.count == 1 ? "" : "es").")
            if !report.totals.isEmpty {
                print("")
                CLI.printTable(["CURRENCY", "INVOICED PAID", "CHARGED", "REFUNDED", "NET"], report.totals.map { t in
                    [t.currency.uppercased()] + [t.invoicedPaid, t.charged, t.refunded, t.net].map { Money(minor: $0, currency: t.currency).formatted }
                })
            }
            if !report.mismatches.isEmpty {
                print("")
                CLI.printTable(["PROBLEM", "INVOICE", "CHARGE", "CUSTOMER", "WHY"], report.mismatches.map {
                    [$0.problem, CLI.safe($0.invoice ?? "-"), CLI.safe($0.charge ?? "-"),
                     $0.customer ?? ($0.stripeCustomer.map { "unmatched \(CLI.safe($0))" } ?? "-"), CLI.safe($0.reason)]
                })
            }
        }
    }

    struct Revenue: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recognised and deferred revenue per month, plan and currency (subscription invoices spread daily).",
            discussion: """
            Each subscription invoice line (open or paid) is earned evenly over its service period, day by day in UTC, in \
            integer minor units; remainders go one unit a day to the first days. Deferred is what was invoiced by the month's \
            end and is earned after it. The method: Docs/DECISIONS.md, "Revenue recognition".
            """)
        @OptionGroup var store: StoreOptions
        @Option(help: "Calendar months up to and including the current one (1–120).") var months = 12
        @Flag(help: "CSV output (RFC 4180), minor units and decimals.") var csv = false
        @OptionGroup var output: JSONOutput

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(months, field: "--months", in: 1...120)
                if csv && output.json { throw .invalid(field: "format", message: "choose one of --json and --csv.") }
            }
        }

        func run() throws {
            let report = try store.open().billingRevenue(months: months, as: store.actor)
            if output.json { return try CLI.printJSON(report) }
            if csv {
                return try CLI.writeLines(RevenueRecognition.csv(report.rows.map {
                    RevenueRecognition.Row(month: $0.month, plan: $0.plan, currency: $0.currency, recognised: $0.recognised, deferred: $0.deferred)
                }))
            }
            if report.rows.isEmpty { print("No subscription revenue in \(report.months.first ?? "")…\(report.months.last ?? "").") }
            else {
                CLI.printTable(["MONTH", "PLAN", "CURRENCY", "RECOGNISED", "DEFERRED"], report.rows.map {
                    [$0.month, CLI.safe($0.plan), $0.currency.uppercased(), $0.recognisedText, $0.deferredText]
                })
            }
            for skipped in report.skipped { CLI.writeStderr("Not spread: \(CLI.safe(skipped.invoice)): \(CLI.safe(skipped.reason)).\n") }
        }
    }
}
