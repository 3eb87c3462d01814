import Foundation

/// The rules pmops applies to Stripe's objects: which of two versions of an object wins, and
/// what a customer's unpaid invoices recommend for their account.
public enum BillingRules {
    /// Whether a version of an object from an event created at `new` (status `newStatus`)
    /// replaces the stored one from `old` (`oldStatus`). Stripe does not deliver in order, so
    /// the newer event wins; within one second the later state in the object's life wins
    /// (a paid invoice is not reopened by a failure reported in the same second).
    public static func supersedes(new: Int64, newStatus: String, old: Int64, oldStatus: String, kind: String) -> Bool {
        if new != old { return new > old }
        return rank(newStatus, kind: kind) >= rank(oldStatus, kind: kind)
    }

    static func rank(_ status: String, kind: String) -> Int {
        switch kind {
        case "invoice": ["draft": 0, "open": 1, "uncollectible": 2, "paid": 3, "void": 3][status] ?? 1
        case "charge": ["pending": 0, "failed": 1, "succeeded": 1][status] ?? 0
        case "dispute": ["warning_needs_response": 0, "needs_response": 0, "warning_under_review": 1, "under_review": 1,
                         "warning_closed": 2, "won": 2, "lost": 2, "charge_refunded": 2, "prevented": 2][status] ?? 0
        case "subscription": ["incomplete": 0, "trialing": 1, "active": 1, "past_due": 2, "unpaid": 3, "paused": 3,
                              "incomplete_expired": 4, "canceled": 4][status] ?? 1
        default: 0
        }
    }

    /// What pmops recommends for a customer's account (it never suspends a tenant itself).
    public enum Standing: String, Codable, Sendable, CaseIterable {
        case active
        case pastDue = "past-due"
        case suspend
    }

    /// One unpaid invoice as dunning sees it.
    public struct UnpaidInvoice: Equatable, Sendable {
        public var id: String
        public var remaining: Money
        public var attempts: Int64
        public var nextAttempt: Int64?
        public var status: String
        public var created: Int64
        public init(id: String, remaining: Money, attempts: Int64, nextAttempt: Int64?, status: String, created: Int64) {
            self.id = id
            self.remaining = remaining
            self.attempts = attempts
            self.nextAttempt = nextAttempt
            self.status = status
            self.created = created
        }
    }

    /// Days an invoice may stay unpaid after a failed payment before suspension is advised.
    public static let suspendAfterDays: Int64 = 14

    /// The recommendation and its reason, from a customer's unpaid invoices (`now` in Unix
    /// seconds): any failed payment still owed makes the account past due; an invoice Stripe
    /// gave up on (uncollectible, or no retry left), or one owed for more than 14 days,
    /// makes it a candidate for suspension.
    public static func standing(_ invoices: [UnpaidInvoice], now: Int64) -> (Standing, String) {
        let owed = invoices.filter { $0.remaining.minor > 0 && $0.attempts > 0 && ($0.status == "open" || $0.status == "uncollectible") }
        guard let oldest = owed.min(by: { $0.created < $1.created }) else { return (.active, "no failed payment is owed") }
        if let gaveUp = owed.first(where: { $0.status == "uncollectible" || $0.nextAttempt == nil }) {
            return (.suspend, "\(gaveUp.id) (\(gaveUp.remaining.formatted)) failed \(gaveUp.attempts)× and Stripe has no retry left")
        }
        let days = (now - oldest.created) / 86_400
        if days > suspendAfterDays {
            return (.suspend, "\(oldest.id) (\(oldest.remaining.formatted)) has been unpaid for \(days) days (over \(suspendAfterDays))")
        }
        let retry = owed.compactMap(\.nextAttempt).min().map { ", next retry \(Timestamp.format(Date(timeIntervalSince1970: TimeInterval($0))).prefix(16))Z" } ?? ""
        return (.pastDue, "\(owed.count) unpaid invoice\(owed.count == 1 ? "" : "s") after failed payment\(owed.count == 1 ? "" : "s")\(retry)")
    }

    /// More than `threshold` failed charges within `window` seconds ending at `now` is a
    /// wave: the use cases treat a mass payment failure as a 15-minute emergency.
    public static let waveWindow: Int64 = 900
    public static let waveThreshold = 10

    /// The failed charges (their Stripe `created` times) that fall in the window ending at
    /// `now`: after `now - window`, not after `now` (a clock running behind Stripe's does not
    /// count tomorrow's failures today).
    public static func failuresInWave(_ failures: [Int64], now: Int64, window: Int64 = waveWindow) -> Int {
        failures.reduce(0) { $0 + ($1 > now - window && $1 <= now ? 1 : 0) }
    }

    /// A wave is strictly more than `threshold` failures in the window.
    public static func isWave(_ failures: [Int64], now: Int64, threshold: Int = waveThreshold, window: Int64 = waveWindow) -> Bool {
        failuresInWave(failures, now: now, window: window) > threshold
    }
}
