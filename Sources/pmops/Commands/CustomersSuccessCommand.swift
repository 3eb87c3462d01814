import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops customers health|at-risk|sweep`: the success manager's view of customer health.
extension CustomersCommand {
    struct Health: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Health scores computed now from the store: one customer with every factor, or all, lowest first.",
            discussion: "Score = 100 minus each factor's points (capped): sending volume trend, bounces, complaints, failed payments, open tickets by priority, CSAT, incidents and days since contact. The formula is in Docs/DECISIONS.md.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Customer id (all customers when omitted).") var id: String?
        @OptionGroup var output: JSONOutput
        func run() throws {
            let db = try store.open(requiring: .ticketsRead)
            if let id {
                let report = try db.customerHealth(id: id, as: store.actor)
                if output.json { return try DatedJSON.print(report) }
                return try CLI.writeLines(Self.detail(report))
            }
            let reports = try db.customerHealth(as: store.actor)
            if output.json { return try DatedJSON.print(reports) }
            CLI.printTable(["ID", "SCORE", "RISK", "PLAN", "SUCCESS", "TOP FACTOR"], reports.map(Self.row))
        }

        static func row(_ r: CustomerHealthReport) -> [String] {
            let top = r.health.factors.filter { $0.points > 0 }.max { $0.points < $1.points }
            return [r.customer, String(r.health.score), r.health.atRisk ? "at risk" : "-", r.plan.rawValue, r.successManager ?? "-",
                    top.map { "\($0.kind.rawValue) −\($0.points)" } ?? "-"]
        }

        static func detail(_ r: CustomerHealthReport) -> [String] {
            var lines = ["Customer \(r.customer): \(CLI.safe(r.name)) (\(r.plan.rawValue)), success manager \(r.successManager ?? "-")",
                         "Health \(r.health.score)/100\(r.health.atRisk ? " · AT RISK" : "")"
                             + (r.atRiskSince.map { " since \(Timestamp.format($0).prefix(16))" } ?? "")
                             + (r.previousScore.map { " · previous \($0)" } ?? "")]
            lines.append("Factors (points off 100):")
            for f in r.health.factors {
                let points = String(-f.points)
                lines.append("  \(f.kind.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)) \(String(repeating: " ", count: max(0, 4 - points.count)))\(points) / \(f.kind.cap)   \(f.observed)")
            }
            if let share = r.usageShare {
                lines.append("Usage: \(Int((share * 100).rounded())) % of the \(r.plan.rawValue) plan's monthly sends\(r.nearPlanLimit ? " · EXPANSION SIGNAL (near the limit)" : "")")
            } else {
                lines.append("Usage: no per-tenant sends yet")
            }
            return lines
        }
    }

    struct AtRisk: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "at-risk", abstract: "Customers below the at-risk threshold (setting customers.at_risk_below), lowest first.")
        @OptionGroup var store: StoreOptions
        @Flag(help: "Only customers whose success manager you are.") var mine = false
        @OptionGroup var output: JSONOutput
        func run() throws {
            let db = try store.open(requiring: .ticketsRead)
            let me = try db.whoAmI(store.actor).login
            let reports = try db.customerHealth(as: store.actor).filter { $0.health.atRisk && (!mine || $0.successManager == me) }
            if output.json { return try DatedJSON.print(reports) }
            if reports.isEmpty { return print(mine ? "None of your customers is at risk." : "No customer is at risk.") }
            CLI.printTable(["ID", "SCORE", "PLAN", "SUCCESS", "SINCE", "TOP FACTOR"], reports.map { r in
                let row = Health.row(r)
                return [row[0], row[1], row[3], row[4], r.atRiskSince.map { String(Timestamp.format($0).prefix(16)) } ?? "(next sweep)", row[5]]
            })
        }
    }

    struct Sweep: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute and store every health score now; customers turning at risk get one reminder to their success manager.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: JSONOutput
        func run() throws {
            let report = try store.open(requiring: .customersManage).sweepCustomerHealth(as: store.actor)
            if output.json { return try DatedJSON.print(report) }
            print("Scored \(report.scored) customers: \(report.turnedAtRisk.count) turned at risk (\(report.reminders) reminded), \(report.recovered.count) recovered.")
        }
    }
}
