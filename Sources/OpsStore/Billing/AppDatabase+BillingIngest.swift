import Foundation
internal import GRDB
import OpsCore

/// What one `billing ingest` did.
public struct BillingIngestResult: Codable, Equatable, Sendable {
    public var event: String
    public var type: String
    /// applied, superseded (an older version of an object already stored), unmodelled (kept
    /// raw: pmops does not model this type), duplicate (this event id was ingested before).
    public var outcome: String
    public var object: String?
    public var stripeCustomer: String?
    /// The directory customer, nil when the Stripe customer is not linked ("unmatched").
    public var customer: String?
    public var ticket: String?
}

/// Stripe webhook events in (issue 18). The signature is checked against the secret the
/// operator configured (never the store) before anything is read; a refused event leaves
/// no trace in the store. A verified event is kept raw, and the object it carries is
/// upserted unless a newer version is already stored, all in one transaction with its
/// audit row. Ingesting the same event id again changes nothing.
extension AppDatabase {
    public func ingestBillingEvent(_ raw: [UInt8], signature: String, secret: String, tolerance: Int64 = StripeSignature.defaultTolerance,
                                   as context: ActorContext) throws(OpsError) -> BillingIngestResult {
        let event = try verifiedBillingEvent(raw, signature: signature, secret: secret, tolerance: tolerance)
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.billingManage, actor: actor)
            return try applyVerifiedBillingEvent(event, raw: raw, actor: actor, context, db: db)
        }
    }

    /// Several deliveries in one transaction (a spool pass, a relay's batch): each is
    /// verified and parsed first, and a refused or unreadable one is answered with its error
    /// and never stored; the rest are applied in order, as `ingestBillingEvent` applies one.
    /// One commit instead of one per event; a store failure stores none of them.
    public func ingestBillingEvents(_ deliveries: [(body: [UInt8], signature: String)], secret: String,
                                    tolerance: Int64 = StripeSignature.defaultTolerance,
                                    as context: ActorContext) throws(OpsError) -> [Result<BillingIngestResult, OpsError>] {
        var verified: [Result<StripeEvent, OpsError>] = []
        for delivery in deliveries {
            do throws(OpsError) {
                verified.append(.success(try verifiedBillingEvent(delivery.body, signature: delivery.signature, secret: secret, tolerance: tolerance)))
            } catch {
                verified.append(.failure(error))
            }
        }
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.billingManage, actor: actor)
            var results: [Result<BillingIngestResult, OpsError>] = []
            results.reserveCapacity(deliveries.count)
            for (index, item) in verified.enumerated() {
                switch item {
                case let .success(event): results.append(.success(try applyVerifiedBillingEvent(event, raw: deliveries[index].body, actor: actor, context, db: db)))
                case let .failure(error): results.append(.failure(error))
                }
            }
            return results
        }
    }

    /// The signature check and the parse, before any transaction.
    func verifiedBillingEvent(_ raw: [UInt8], signature: String, secret: String, tolerance: Int64) throws(OpsError) -> StripeEvent {
        let now = Int64(clock.now().timeIntervalSince1970.rounded(.down))
        let verdict = StripeSignature.verify(payload: raw, header: signature, secret: secret, now: now, tolerance: tolerance) { StripeSigner.hmacHex($0, $1) }
        if case let .failure(refusal) = verdict {
            throw .permissionDenied("Refused the Stripe event: \(refusal.description); nothing was stored.")
        }
        return try StripeEvent.parse(raw)
    }

    /// Stores one verified event inside the caller's transaction.
    func applyVerifiedBillingEvent(_ verified: StripeEvent, raw: [UInt8], actor: StaffAccount, _ context: ActorContext, db: Database) throws -> BillingIngestResult {
        var event = verified
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM billing_event WHERE id = ?", arguments: [event.id]) != nil {
            return BillingIngestResult(event: event.id, type: event.type, outcome: "duplicate", object: event.object.id,
                                       stripeCustomer: event.object.customer, customer: try Self.billingCustomer(event.object.customer, db: db))
        }
        // A dispute names its charge, not its customer: take the charge's when it is known.
        if case var .dispute(dispute) = event.object, dispute.customer == nil, let charge = dispute.charge {
            dispute.customer = try String.fetchOne(db, sql: "SELECT stripe_customer FROM billing_charge WHERE id = ?", arguments: [charge])
            event.object = .dispute(dispute)
        }
        let outcome = try Self.applyBillingObject(event, db: db)
        let stripeCustomer = event.object.customer
        var customer = try Self.billingCustomer(stripeCustomer, db: db)
        if customer == nil, let stripeCustomer, case let .invoice(invoice) = event.object, let email = invoice.customerEmail {
            customer = try Self.autoLinkBillingCustomer(stripeCustomer, email: email, at: clock.now(), db: db)
        }
        if outcome == "applied" { try afterBillingApply(event, customer: customer, now: clock.now(), db: db) }
        try db.execute(sql: """
            INSERT INTO billing_event (id, type, created, livemode, object_kind, object_id, stripe_customer, outcome, received_at, received_by, raw)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [event.id, event.type, event.created, event.livemode, Self.kind(of: event.object), event.object.id,
                             stripeCustomer, outcome, Timestamp.format(clock.now()), actor.login, Data(raw)])
        try audit(AuditChain.Record(action: "billing.ingest", target: "stripe:\(event.id)",
                                    after: .object(["type": .string(event.type), "outcome": .string(outcome),
                                                    "object": .optional(event.object.id), "customer": .optional(customer)])), context, db: db)
        var tickets: [TicketNumber] = []
        if let stripeCustomer, let customer { tickets = try openDisputeTickets(stripeCustomer: stripeCustomer, customer: customer, actor: actor, context, db: db) }
        return BillingIngestResult(event: event.id, type: event.type, outcome: outcome, object: event.object.id,
                                   stripeCustomer: stripeCustomer, customer: customer, ticket: tickets.first?.description)
    }

    static func kind(of object: StripeObject) -> String? {
        switch object {
        case .invoice: "invoice"
        case .charge: "charge"
        case .dispute: "dispute"
        case .subscription: "subscription"
        case .invoiceItem: "invoiceitem"
        case let .other(kind): kind
        }
    }

    /// The directory customer a Stripe customer is linked to.
    static func billingCustomer(_ stripeCustomer: String?, db: Database) throws -> String? {
        guard let stripeCustomer else { return nil }
        return try String.fetchOne(db, sql: "SELECT customer_id FROM billing_customer_link WHERE stripe_customer = ?", arguments: [stripeCustomer])
    }

    /// Links an unknown Stripe customer to the one directory customer whose contact has the
    /// invoice's email; nil (left unmatched) when none or several have it.
    static func autoLinkBillingCustomer(_ stripeCustomer: String, email: String, at: Date, db: Database) throws -> String? {
        let ids = try String.fetchAll(db, sql: "SELECT DISTINCT customer_id FROM customer_contact WHERE email = ? COLLATE NOCASE LIMIT 2", arguments: [email])
        guard ids.count == 1 else { return nil }
        try db.execute(sql: "INSERT INTO billing_customer_link (stripe_customer, customer_id, linked_by, linked_at) VALUES (?, ?, 'auto:email', ?)",
                       arguments: [stripeCustomer, ids[0], Timestamp.format(at)])
        return ids[0]
    }

    /// Upserts the event's object unless a newer version is stored; returns the outcome.
    static func applyBillingObject(_ event: StripeEvent, db: Database) throws -> String {
        guard let kind = kind(of: event.object), let id = event.object.id, let table = billingTables[kind] else { return "unmodelled" }
        if let row = try Row.fetchOne(db, sql: "SELECT event_created, \(kind == "invoiceitem" ? "'-'" : "status") AS status FROM \(table) WHERE id = ?", arguments: [id]) {
            let newStatus = Self.status(of: event.object)
            guard BillingRules.supersedes(new: event.created, newStatus: newStatus, old: row["event_created"], oldStatus: row["status"], kind: kind) else {
                return "superseded"
            }
        }
        try BillingObjectWriter.upsert(event, db: db)
        return "applied"
    }

    static let billingTables = ["invoice": "billing_invoice", "charge": "billing_charge", "dispute": "billing_dispute",
                                "subscription": "billing_subscription", "invoiceitem": "billing_invoice_item"]

    static func status(of object: StripeObject) -> String {
        switch object {
        case let .invoice(v): v.status
        case let .charge(v): v.status
        case let .dispute(v): v.status
        case let .subscription(v): v.status
        case .invoiceItem, .other: "-"
        }
    }
}
