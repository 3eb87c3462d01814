import Foundation

/// The success metrics of the use-case document ("Success Metrics and KPIs"), each with a
/// stable id, its definition in one sentence, and the permission its data needs. The store
/// computes values; this file only says what each one means, so the report, its exports and
/// the docs cannot drift apart.
public enum KPIGroup: String, CaseIterable, Codable, Sendable {
    case administrative, operational, technical, business

    public var title: String {
        switch self {
        case .administrative: "Administrative efficiency"
        case .operational: "Operational performance"
        case .technical: "Technical excellence"
        case .business: "Business impact"
        }
    }
}

public enum KPIUnit: String, Codable, Sendable {
    /// Seconds.
    case duration
    /// 0–100.
    case percent
    case count
    /// CSAT, 1–5.
    case score
}

public struct KPIDefinition: Sendable, Identifiable, Equatable {
    public let id: String
    public let group: KPIGroup
    public let name: String
    public let unit: KPIUnit
    /// What is counted and how, in one or two sentences; printed beside the value.
    public let definition: String
    /// The data the figure is computed from; a reader without it sees "hidden".
    public let permission: Permission
    /// Whether a per-bucket trend is computed (false for a figure that only exists now).
    public let trended: Bool

    init(_ id: String, _ group: KPIGroup, _ name: String, _ unit: KPIUnit, _ permission: Permission, trended: Bool = true, _ definition: String) {
        self.id = id
        self.group = group
        self.name = name
        self.unit = unit
        self.permission = permission
        self.trended = trended
        self.definition = definition
    }
}

/// One figure: a value with the number of things it was computed from, or why there is none.
public enum KPIValue: Sendable, Equatable {
    case value(Double, sample: Int, note: String? = nil)
    /// The data does not exist (yet); the reason says what is missing. Never a made-up number.
    case noData(String)
    /// The reader lacks the permission the data needs.
    case hidden(Permission)

    public var number: Double? { if case .value(let v, _, _) = self { v } else { nil } }
}

public struct KPIRow: Sendable, Equatable {
    public let definition: KPIDefinition
    public let value: KPIValue
    /// One value per equal bucket of the period, oldest first (nil: nothing in that bucket).
    /// Empty when the figure has no trend or is hidden.
    public let trend: [Double?]

    public init(definition: KPIDefinition, value: KPIValue, trend: [Double?] = []) {
        self.definition = definition
        self.value = value
        self.trend = trend
    }
}

public struct KPIReport: Sendable, Equatable {
    public let since: Date
    public let until: Date
    public let rows: [KPIRow]

    public init(since: Date, until: Date, rows: [KPIRow]) {
        self.since = since
        self.until = until
        self.rows = rows
    }

    public func row(_ id: String) -> KPIRow? { rows.first { $0.definition.id == id } }
}

public enum KPICatalog {
    /// Every KPI in report order: the four groups of the use-case document, in its order.
    public static let all: [KPIDefinition] = [
        KPIDefinition("account-creation-time", .administrative, "Time to create accounts", .duration, .usersRead,
                      "Median time from an HR-import row held in pending onboarding to the account being created by hand, over rows completed in the period. Accounts created directly from an import or users add wait for nothing and are counted in the note."),
        KPIDefinition("permission-update-time", .administrative, "Permission update time", .duration, .usersRead, trended: false,
                      "Time from a request for a role change to the change. pmops records each role change (audited) but holds no request queue."),
        KPIDefinition("config-change-success", .administrative, "Configuration change success rate", .percent, .changesRead,
                      "Of configuration change sets applied to production in the period, the share verified there and never rolled back."),
        KPIDefinition("policy-compliance", .administrative, "Security policy compliance rate", .percent, .changesRead, trended: false,
                      "Share of compliance-policy checks the effective configuration passes now, one check per policy and environment it binds."),
        KPIDefinition("uptime", .operational, "Uptime and availability", .percent, .metricsRead,
                      "Mean of probe_up over the period across every probe (each reading counts once); the note names the lowest probe."),
        KPIDefinition("alert-response-time", .operational, "Alert response time", .duration, .alertsRead,
                      "Median time from an alert starting to its acknowledgement, over alerts that started in the period and were acknowledged."),
        KPIDefinition("alert-resolution-time", .operational, "Alert resolution time", .duration, .alertsRead,
                      "Median time from an alert starting to it resolving, over alerts that started in the period and have resolved."),
        KPIDefinition("escalation-success", .operational, "Customer escalation success rate", .percent, .ticketsRead, trended: false,
                      "Of escalation tickets opened in the period whose resolution SLA is decided or overdue, the share resolved within it (business calendar)."),
        KPIDefinition("proactive-detection", .operational, "Proactive detection rate", .percent, .incidentsRead, trended: false,
                      "Of incidents declared in the period with a linked alert or ticket, the share an alert caught before any customer ticket."),
        KPIDefinition("deployment-success", .technical, "Deployment success rate", .percent, .changesRead,
                      "Of deployments started in the period that finished (as deploys stats counts them: healthy, degraded, failed or rolled back), the share that ended healthy; deploys reported only with changes record count by their succeeded or failed event. One release counts once, however many components it had."),
        KPIDefinition("rollback-rate", .technical, "Rollback rate", .percent, .changesRead,
                      "Of the same finished deployments, the share rolled back (whole), plus rollbacks reported only with changes record."),
        KPIDefinition("security-response-time", .technical, "Security incident response time", .duration, .incidentsRead, trended: false,
                      "Mean time from a security incident being declared to its acknowledgement, over security incidents declared in the period; the note gives the mean time to contain (detected to the last containment item ticked)."),
        KPIDefinition("integration-reliability", .technical, "Integration reliability", .percent, .metricsRead, trended: false,
                      "Of production integrations in the registry that name a collector source, the share whose source is up now."),
        KPIDefinition("technical-debt", .technical, "Technical debt: stale flags", .count, .changesRead, trended: false,
                      "Feature flags fully rolled out, or not evaluated, for 30 days or more: code paths waiting to be cleaned up. pmops reads no code-quality data."),
        KPIDefinition("csat", .business, "Customer satisfaction (CSAT)", .score, .ticketsRead, trended: false,
                      "Mean CSAT rating (1–5) of tickets opened in the period that were rated."),
        KPIDefinition("retention", .business, "Customer retention", .percent, .ticketsRead,
                      "Of customers in the directory before the period began and not churned then, the share not churned by its end."),
        KPIDefinition("revenue-accuracy", .business, "Revenue processing accuracy", .percent, .billingRead,
                      "Of invoices created in the period and paid, the share matched by a succeeded charge of the same amount and currency (reconciliation); the note gives the median invoice-to-charge time."),
        KPIDefinition("expansion-rate", .business, "Expansion rate", .percent, .billingRead, trended: false,
                      "Of customers with per-tenant sending metrics, the share whose last day, projected over 30 days, reaches 80 % of their plan's sends (the expansion signal)."),
        KPIDefinition("cost-per-transaction", .business, "Cost per transaction", .count, .billingRead, trended: false,
                      "Operating cost divided by messages sent."),
    ]

    public static func definition(_ id: String) -> KPIDefinition? { all.first { $0.id == id } }
}

/// The arithmetic the figures share: pure, table-tested.
public enum KPIMath {
    /// Lower median (nearest rank at 50 %), as the ticket and incident stats use; nil when empty.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[(sorted.count - 1) / 2]
    }

    /// `part` of `whole` in percent; nil when `whole` is 0.
    public static func percent(_ part: Int, of whole: Int) -> Double? {
        whole > 0 ? Double(part) * 100 / Double(whole) : nil
    }

    /// `count` equal, back-to-back ranges covering `since..<until`, oldest first.
    public static func buckets(since: Date, until: Date, count: Int) -> [(from: Date, to: Date)] {
        guard count > 0, until > since else { return [] }
        let step = until.timeIntervalSince(since) / Double(count)
        return (0..<count).map { i in
            (since.addingTimeInterval(step * Double(i)), i == count - 1 ? until : since.addingTimeInterval(step * Double(i + 1)))
        }
    }
}
