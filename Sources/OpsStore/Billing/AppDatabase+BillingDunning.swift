import Foundation
internal import GRDB
import OpsCore

/// What follows an applied Stripe object inside the ingest transaction (issue 18): a failed
/// attempt on an invoice mails the customer a reminder from the operator's template (once
/// per attempt), a failed charge re-evaluates the payment-failure wave, and a dispute's
/// later event moves its ticket's SLA with the evidence due date.
extension AppDatabase {
    /// The rule name, `alertname` label and source of the payment-failure wave alert.
    public static let billingWaveRule = "PaymentFailureWave"
    public static let billingSource = "billing"
    public static let billingWaveFingerprint = "billing:payment-failure-wave"

    func afterBillingApply(_ event: StripeEvent, customer: String?, now: Date, db: Database) throws {
        switch event.object {
        case let .invoice(invoice):
            try remindDunning(invoice, customer: customer, now: now, db: db)
        case let .charge(charge) where charge.status == "failed":
            try Self.evaluateFailureWave(now: now, db: db)
        case let .dispute(dispute):
            try refreshDisputeTicket(dispute.id, db: db)
        default:
            break
        }
    }

    /// One reminder per failed attempt of an open invoice, to the linked customer's first
    /// contact (else the invoice's email). The mark is kept even without an address, so a
    /// later link does not mail about an old attempt.
    func remindDunning(_ invoice: StripeInvoice, customer: String?, now: Date, db: Database) throws {
        let unpaid = BillingRules.UnpaidInvoice(id: invoice.id, remaining: invoice.remaining, attempts: invoice.attemptCount,
                                                nextAttempt: invoice.nextPaymentAttempt, status: invoice.status, created: invoice.created)
        let reminded = Set(try Int64.fetchAll(db, sql: "SELECT attempt_count FROM billing_dunning_reminder WHERE invoice_id = ?", arguments: [invoice.id]))
        guard Dunning.reminderDue(unpaid, reminded: reminded) else { return }
        var name = invoice.customer ?? "customer"
        var address = invoice.customerEmail
        if let customer, let row = try Row.fetchOne(db, sql: """
            SELECT c.name, (SELECT email FROM customer_contact WHERE customer_id = c.id ORDER BY position, email LIMIT 1) AS email
            FROM customer c WHERE c.id = ?
            """, arguments: [customer]) {
            name = row["name"]
            address = row["email"] ?? address
        }
        let (standing, _) = BillingRules.standing([unpaid], now: Int64(now.timeIntervalSince1970))
        if let address, StaffValidation.email(address) == nil {
            let values = Dunning.values(customer: name, invoice: unpaid, standing: standing)
            let subject = Dunning.render(try Self.template(.billingReminderSubject, db: db), values)
            let body = Dunning.render(try Self.template(.billingReminderBody, db: db), values)
            try OutboxStore.enqueue(kind: "billing-dunning", to: address, subject: subject, body: body, at: now, db: db)
        } else {
            address = nil
        }
        try db.execute(sql: "INSERT INTO billing_dunning_reminder (invoice_id, attempt_count, reminded_at, sent_to) VALUES (?, ?, ?, ?)",
                       arguments: [invoice.id, invoice.attemptCount, Timestamp.format(now), address])
    }

    /// The stored template, or the default when the stored one no longer passes the checks.
    static func template(_ key: SettingKey, db: Database) throws -> String {
        let stored = try SettingsStore.value(key, db: db)
        return key.validate(stored) == nil ? stored : key.defaultValue
    }

    /// Failed charges (Stripe's created time) in the 15 minutes up to `now`, and the threshold.
    static func failureWave(now: Date, db: Database) throws -> (count: Int, threshold: Int) {
        let t = Int64(now.timeIntervalSince1970.rounded(.down))
        let times = try Int64.fetchAll(db, sql: """
            SELECT created FROM billing_charge INDEXED BY billing_charge_failed WHERE status = 'failed' AND created > ? AND created <= ?
            """, arguments: [t - BillingRules.waveWindow, t])
        let threshold = Int(try SettingsStore.value(.billingFailureWave, db: db)) ?? BillingRules.waveThreshold
        return (BillingRules.failuresInWave(times, now: t), threshold)
    }

    /// Raises the wave alert (through the alert queue's one path: routing, paging,
    /// escalation) while more than the threshold failed in 15 minutes; resolves it after.
    /// Returns true when the alert is firing.
    @discardableResult
    static func evaluateFailureWave(now: Date, db: Database) throws -> Bool {
        let (count, threshold) = try failureWave(now: now, db: db)
        let firing = count > threshold
        let open = try openAlert(fingerprint: billingWaveFingerprint, db: db)
        guard firing || open != nil else { return false }
        var env = try AlertSignals.Environment.load(db: db, actor: alertActor, at: now)
        let summary = firing
            ? "\(count) payment failures in the last 15 minutes (more than \(threshold)): a mass payment failure, check the payment provider and card processing"
            : "payment failures back to \(count) in 15 minutes (threshold \(threshold))"
        let input = AlertSignals.Input(fingerprint: billingWaveFingerprint, rule: billingWaveRule, source: billingSource,
                                       labels: [AlertSignal.nameLabel: billingWaveRule, "team": "finance", "service": "billing"],
                                       annotations: ["failures": String(count), "threshold": String(threshold), "window": "15m"],
                                       severity: .critical, status: firing ? .firing : .resolved, summary: summary, runbookURL: nil,
                                       value: Double(count), at: now, startsAt: now, team: "finance")
        _ = try AlertSignals.apply(input, env: &env, db: db)
        return firing
    }

    /// The collector tick's check: resolves a wave that has passed (and raises one whose
    /// failures arrived without an ingest noticing). An idle tick is one indexed read.
    @discardableResult
    public func sweepBillingFailureWave(at now: Date) throws(OpsError) -> Bool {
        let idle = try read { db in
            let (count, threshold) = try Self.failureWave(now: now, db: db)
            let open = try Self.openAlert(fingerprint: Self.billingWaveFingerprint, db: db)
            return count <= threshold && open == nil
        }
        if idle { return false }
        return try write { db in try Self.evaluateFailureWave(now: now, db: db) }
    }
}
