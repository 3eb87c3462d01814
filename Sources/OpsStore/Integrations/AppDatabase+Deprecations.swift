import Foundation
internal import GRDB
import OpsCore

/// What one deprecation sweep did.
public struct DeprecationSweepReport: Sendable, Equatable, Codable {
    public var reminded = 0
    public var alerted = 0
    public var resolved = 0
    public init() {}
    public var changed: Bool { reminded + alerted + resolved > 0 }
}

/// API deprecation notices: recorded with their checklist, counted down, and swept by the
/// collector: reminders to the owner team through the outbox as the countdown crosses 30,
/// 14, 7 and 1 days, and an alert through `AlertSignals` (routing, paging, escalation like
/// every alert) from 14 days out until the migration is marked done.
extension AppDatabase {
    public static let deprecationRule = "IntegrationSunsetNear"
    public static let deprecationSource = "integrations"

    public static func deprecationFingerprint(_ id: Int64) -> String { "integration-sunset:\(id)" }

    @discardableResult
    public func addDeprecation(integration id: String, api: String, sunset: Date, checklist: [String],
                               as context: ActorContext) throws(OpsError) -> Deprecation {
        let apiName = try IntegrationValidation.text(api, field: "--api")
        let items = try checklist.map { text throws(OpsError) in try IntegrationValidation.text(text, field: "--item") }
        guard !items.isEmpty else { throw .invalid(field: "--item", message: "a deprecation needs a migration checklist; give at least one --item.") }
        let now = clock.now()
        guard sunset > now.addingTimeInterval(-86_400) else { throw .invalid(field: "--sunset", message: "is in the past.") }
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.integrationsManage, actor: actor)
            _ = try Self.requireIntegration(id, db: db)
            let list = items.map { Deprecation.Item(text: $0) }
            try db.execute(sql: """
                INSERT INTO integration_deprecation (integration_id, api, sunset, checklist, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [id, apiName, Timestamp.format(sunset), Self.checklistJSON(list), actor.login, Timestamp.format(now)])
            let notice = Deprecation(id: db.lastInsertedRowID, integration: id, api: apiName, sunset: sunset, checklist: list)
            try audit(AuditChain.Record(action: "integration.deprecation", target: "integration:\(id)",
                                        after: .object(["notice": .int(notice.id), "api": .string(apiName), "sunset": .string(Timestamp.format(sunset))])),
                      context, db: db)
            return notice
        }
    }

    /// Ticks checklist items (1-based) of a notice; `migrated` closes it (all items must be
    /// ticked) and resolves its alert.
    @discardableResult
    public func updateDeprecation(_ noticeID: Int64, tick: [Int], migrated: Bool, as context: ActorContext) throws(OpsError) -> Deprecation {
        let now = clock.now()
        return try write { db in
            try AccessPolicy.require(.integrationsManage, actor: try resolveActor(context, db: db))
            guard var notice = try Self.deprecation(noticeID, db: db) else {
                throw OpsError.notFound("No deprecation notice \(noticeID); `pmops integrations deprecations` lists them.")
            }
            for n in tick {
                guard n >= 1, n <= notice.checklist.count else {
                    throw OpsError.invalid(field: "--tick", message: "\(n) is not an item of notice \(noticeID) (1–\(notice.checklist.count)).")
                }
                notice.checklist[n - 1].done = true
            }
            if migrated {
                let open = notice.checklist.enumerated().filter { !$0.element.done }.map { String($0.offset + 1) }
                guard open.isEmpty else {
                    throw OpsError.conflict("Checklist items \(open.joined(separator: ", ")) are not ticked; a migration is done when its checklist is.")
                }
                notice.migratedAt = notice.migratedAt ?? now
            }
            try db.execute(sql: "UPDATE integration_deprecation SET checklist = ?, migrated_at = ? WHERE id = ?",
                           arguments: [Self.checklistJSON(notice.checklist), notice.migratedAt.map(Timestamp.format), noticeID])
            try audit(AuditChain.Record(action: migrated ? "integration.deprecation.migrated" : "integration.deprecation.tick",
                                        target: "integration:\(notice.integration)",
                                        after: .object(["notice": .int(noticeID), "ticked": .array(tick.map { .int(Int64($0)) })])), context, db: db)
            if migrated { try Self.signalDeprecation(notice, firing: false, now: now, db: db) }
            return notice
        }
    }

    /// Open notices first by sunset, then the migrated ones.
    public func deprecations(includeMigrated: Bool = false, as context: ActorContext) throws(OpsError) -> [Deprecation] {
        try read { db in
            try AccessPolicy.require(.changesRead, actor: try resolveActor(context, db: db))
            return try Row.fetchAll(db, sql: "SELECT * FROM integration_deprecation \(includeMigrated ? "" : "WHERE migrated_at IS NULL") ORDER BY migrated_at IS NOT NULL, sunset, id")
                .map(Self.deprecation(row:))
        }
    }

    /// The collector's sweep over open notices (one indexed read when none is near).
    @discardableResult
    public func sweepDeprecations(at now: Date) throws(OpsError) -> DeprecationSweepReport {
        let horizon = Timestamp.format(now.addingTimeInterval(Double(DeprecationSchedule.reminderDays[0] + 1) * 86_400))
        let anyNear = try read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM integration_deprecation WHERE migrated_at IS NULL AND sunset <= ? LIMIT 1",
                              arguments: [horizon]) == true
        }
        guard anyNear else { return DeprecationSweepReport() }
        return try write { db in
            var report = DeprecationSweepReport()
            for row in try Row.fetchAll(db, sql: "SELECT * FROM integration_deprecation WHERE migrated_at IS NULL AND sunset <= ?",
                                        arguments: [horizon]) {
                let notice = Self.deprecation(row: row)
                let days = notice.daysLeft(now: now)
                if let stage = DeprecationSchedule.reminderDue(daysLeft: days, sentStage: row["reminded_stage"]) {
                    try Self.remindDeprecation(notice, days: days, now: now, db: db)
                    try db.execute(sql: "UPDATE integration_deprecation SET reminded_stage = ? WHERE id = ?", arguments: [stage, notice.id])
                    report.reminded += 1
                }
                let alerted = (row["alerted"] as Int) == 1
                if DeprecationSchedule.alertFiring(daysLeft: days, migrated: false), !alerted {
                    try Self.signalDeprecation(notice, firing: true, now: now, db: db)
                    report.alerted += 1
                }
            }
            return report
        }
    }

    // MARK: - Inside transactions

    private static func remindDeprecation(_ notice: Deprecation, days: Int, now: Date, db: Database) throws {
        guard let integration = try integrationRow(notice.integration, db: db) else { return }
        let emails = try String.fetchAll(db, sql: """
            SELECT email FROM staff WHERE team = ? AND email IS NOT NULL AND status = 'active' ORDER BY login LIMIT 10
            """, arguments: [integration.ownerTeam])
        let open = notice.checklist.filter { !$0.done }.map { "  - [ ] \($0.text)" }.joined(separator: "\n")
        for email in emails {
            try OutboxStore.enqueue(kind: "integration-sunset", to: email,
                                    subject: "\(integration.name): \(notice.api) sunsets in \(days) \(days == 1 ? "day" : "days")",
                                    body: """
                                    \(notice.api) (used by \(integration.name), \(integration.id)) is retired on \(Timestamp.format(notice.sunset).prefix(10)).

                                    Migration checklist still open:
                                    \(open.isEmpty ? "  (all ticked: mark it migrated)" : open)

                                    `pmops integrations deprecations` shows the countdown.
                                    """, at: now, db: db)
        }
        try AuditChain.append(AuditChain.Record(action: "integration.deprecation.remind", target: "integration:\(notice.integration)",
                                                after: .object(["notice": .int(notice.id), "days_left": .int(Int64(days)),
                                                                "recipients": .int(Int64(emails.count))])),
                              actor: alertActor, impersonator: nil, at: now, db: db)
    }

    static func signalDeprecation(_ notice: Deprecation, firing: Bool, now: Date, db: Database) throws {
        var env = try AlertSignals.Environment.load(db: db, actor: alertActor, at: now)
        let days = notice.daysLeft(now: now)
        let labels = [AlertSignal.nameLabel: deprecationRule, "integration": notice.integration, "service": notice.integration,
                      "notice": String(notice.id)]
        let input = AlertSignals.Input(fingerprint: deprecationFingerprint(notice.id), rule: deprecationRule, source: deprecationSource,
                                       labels: labels, annotations: ["api": notice.api, "sunset": Timestamp.format(notice.sunset)],
                                       severity: days <= 3 ? .critical : .warning, status: firing ? .firing : .resolved,
                                       summary: "\(notice.api) (\(notice.integration)) sunsets in \(days) days; migration unfinished",
                                       runbookURL: nil, value: Double(days), at: now, startsAt: now, team: nil)
        _ = try AlertSignals.apply(input, env: &env, db: db)
        try db.execute(sql: "UPDATE integration_deprecation SET alerted = ? WHERE id = ?", arguments: [firing ? 1 : 0, notice.id])
    }

    static func deprecation(_ id: Int64, db: Database) throws -> Deprecation? {
        try Row.fetchOne(db, sql: "SELECT * FROM integration_deprecation WHERE id = ?", arguments: [id]).map(deprecation(row:))
    }

    static func deprecation(row: Row) -> Deprecation {
        let items = (row["checklist"] as String?).flatMap { try? JSONDecoder().decode([Deprecation.Item].self, from: Data($0.utf8)) } ?? []
        return Deprecation(id: row["id"], integration: row["integration_id"], api: row["api"],
                           sunset: Timestamp.parse(row["sunset"] as String) ?? .distantFuture, checklist: items,
                           migratedAt: (row["migrated_at"] as String?).flatMap(Timestamp.parse))
    }

    static func checklistJSON(_ items: [Deprecation.Item]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(items)) ?? Data("[]".utf8), as: UTF8.self)
    }
}
