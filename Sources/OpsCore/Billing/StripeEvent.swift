import Foundation

/// A Stripe webhook `Event` (`"object": "event"`), read tolerantly: the fields pmops uses are
/// pulled out by name, everything else is ignored, and the raw bytes are kept by the store.
/// Field shapes differ across API versions (see `../shared/data/stripe/README.md`): an id may
/// come expanded as an object, invoices moved `subscription` under `parent` in 2025-03-31,
/// and subscription periods moved onto the items.
public struct StripeEvent: Sendable, Equatable {
    public var id: String
    public var type: String
    /// Unix seconds.
    public var created: Int64
    public var livemode: Bool
    public var apiVersion: String?
    public var object: StripeObject

    public static let maxBytes = 1_048_576

    /// Reads one event. A body that is not a JSON event object throws, naming what is missing.
    public static func parse(_ bytes: [UInt8]) throws(OpsError) -> StripeEvent {
        guard bytes.count <= maxBytes else {
            throw .invalid(field: "event", message: "the event is \(bytes.count) bytes; the limit is 1 MiB (\(maxBytes) bytes).")
        }
        let root: JSONObject
        do {
            guard let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                throw OpsError.invalid(field: "event", message: "the body is JSON but not an object.")
            }
            root = JSONObject(object)
        } catch let error as OpsError {
            throw error
        } catch {
            throw .invalid(field: "event", message: "the body is not valid JSON.")
        }
        guard root.string("object") == "event" else { throw .invalid(field: "event.object", message: "the body is not a Stripe event (\"object\": \"event\" is missing).") }
        guard let id = root.string("id"), !id.isEmpty, id.utf8.count <= 255 else { throw .invalid(field: "event.id", message: "the event has no id.") }
        guard let type = root.string("type"), !type.isEmpty, type.utf8.count <= 255 else { throw .invalid(field: "event.type", message: "the event has no type.") }
        guard let created = root.int("created") else { throw .invalid(field: "event.created", message: "the event has no created time.") }
        guard let data = root.object("data"), let object = data.object("object") else {
            throw .invalid(field: "event.data.object", message: "the event carries no object.")
        }
        return StripeEvent(id: id, type: type, created: created, livemode: root.bool("livemode") ?? false,
                           apiVersion: root.string("api_version"), object: StripeObject.read(type: type, object))
    }
}

/// The object an event carries, as far as pmops models it.
public enum StripeObject: Sendable, Equatable {
    case invoice(StripeInvoice)
    case charge(StripeCharge)
    case dispute(StripeDispute)
    case subscription(StripeSubscription)
    case invoiceItem(StripeInvoiceItem)
    /// A type pmops does not model: kept raw and listed, never dropped.
    case other(kind: String?)

    /// The modelled object's id (nil for `.other`).
    public var id: String? {
        switch self {
        case let .invoice(v): v.id
        case let .charge(v): v.id
        case let .dispute(v): v.id
        case let .subscription(v): v.id
        case let .invoiceItem(v): v.id
        case .other: nil
        }
    }

    /// The Stripe customer id (`cus_…`) the object belongs to, when it says.
    public var customer: String? {
        switch self {
        case let .invoice(v): v.customer
        case let .charge(v): v.customer
        case let .dispute(v): v.customer
        case let .subscription(v): v.customer
        case let .invoiceItem(v): v.customer
        case .other: nil
        }
    }

    static func read(type: String, _ o: JSONObject) -> StripeObject {
        let kind = o.string("object")
        let family = type.split(separator: ".").first.map(String.init) ?? type
        switch (family, kind) {
        case ("invoice", "invoice"): return StripeInvoice(o).map(StripeObject.invoice) ?? .other(kind: kind)
        case ("charge", "charge"): return StripeCharge(o).map(StripeObject.charge) ?? .other(kind: kind)
        case ("charge", "dispute"): return StripeDispute(o).map(StripeObject.dispute) ?? .other(kind: kind)
        case ("customer", "subscription"): return StripeSubscription(o).map(StripeObject.subscription) ?? .other(kind: kind)
        case ("invoiceitem", "invoiceitem"): return StripeInvoiceItem(o).map(StripeObject.invoiceItem) ?? .other(kind: kind)
        default: return .other(kind: kind)
        }
    }
}

/// A read-only view of a JSONSerialization dictionary with typed getters.
struct JSONObject {
    let raw: [String: Any]
    init(_ raw: [String: Any]) { self.raw = raw }

    func string(_ key: String) -> String? { raw[key] as? String }
    func object(_ key: String) -> JSONObject? { (raw[key] as? [String: Any]).map(JSONObject.init) }
    func objects(_ key: String) -> [JSONObject] { (raw[key] as? [Any])?.compactMap { ($0 as? [String: Any]).map(JSONObject.init) } ?? [] }
    func bool(_ key: String) -> Bool? { raw[key] as? Bool }
    /// An integer (JSON numbers with a fraction or out of Int64 range are not).
    func int(_ key: String) -> Int64? {
        guard let number = raw[key] as? NSNumber, !(raw[key] is String) else { return nil }
        let double = number.doubleValue
        guard double.rounded() == double, abs(double) < 9.2e18 else { return nil }
        return number.int64Value
    }
    /// An id that may come as a string or as an expanded object with an `id`.
    func ref(_ key: String) -> String? {
        if let text = raw[key] as? String { return text }
        return object(key)?.string("id")
    }
}
