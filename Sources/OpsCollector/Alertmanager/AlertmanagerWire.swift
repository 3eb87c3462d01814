import Foundation

// MARK: - Wire shapes

/// The JSON of a webhook notification as Alertmanager 0.25 sends it. Every field is
/// optional so validation, not the decoder, says what is missing; unknown fields
/// (`notification_reason` from 0.32, `routeLabels` from 0.34) are ignored.
struct WireWebhook: Decodable {
    var version: String
    var groupKey: String?
    var truncatedAlerts: Int?
    var status: String?
    var receiver: String?
    var groupLabels: [String: String]?
    var commonLabels: [String: String]?
    var commonAnnotations: [String: String]?
    var externalURL: String?
    var alerts: [WireWebhookAlert]?

    /// Every other field absent, for `WebhookReader`.
    init(version: String) {
        self.version = version
    }

    enum CodingKeys: String, CodingKey {
        case version, groupKey, truncatedAlerts, status, receiver, groupLabels, commonLabels, commonAnnotations, externalURL, alerts
    }

    /// The version first: another version may have another shape, and "unsupported
    /// version" is the useful message then, not whichever field differs. The alert count
    /// is checked before any alert is decoded.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard c.contains(.version), !(try c.decodeNil(forKey: .version)) else { throw AlertmanagerPayloadError.missing(field: "version") }
        if let text = try? c.decode(String.self, forKey: .version) {
            version = text
        } else if let number = try? c.decode(Double.self, forKey: .version) {
            throw AlertmanagerPayloadError.invalid(field: "version", reason: "is the number \(AlertmanagerText.number(number)); Alertmanager sends the string \"4\"")
        } else {
            throw AlertmanagerPayloadError.invalid(field: "version", reason: "is not a string")
        }
        guard version == "4" else { throw AlertmanagerPayloadError.unsupportedVersion(AlertmanagerText.shown(version)) }
        groupKey = try c.decodeIfPresent(String.self, forKey: .groupKey)
        truncatedAlerts = try c.decodeIfPresent(Int.self, forKey: .truncatedAlerts)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        receiver = try c.decodeIfPresent(String.self, forKey: .receiver)
        groupLabels = try c.decodeIfPresent([String: String].self, forKey: .groupLabels)
        commonLabels = try c.decodeIfPresent([String: String].self, forKey: .commonLabels)
        commonAnnotations = try c.decodeIfPresent([String: String].self, forKey: .commonAnnotations)
        externalURL = try c.decodeIfPresent(String.self, forKey: .externalURL)
        if c.contains(.alerts), !(try c.decodeNil(forKey: .alerts)) {
            var list = try c.nestedUnkeyedContainer(forKey: .alerts)
            alerts = try WireList.decode(&list, limits: AlertmanagerLimits.from(decoder))
        }
    }
}

/// One alert of a webhook notification.
struct WireWebhookAlert: Decodable {
    var status: String?
    var labels: [String: String]?
    var annotations: [String: String]?
    var startsAt: String?
    var endsAt: String?
    var generatorURL: String?
    var fingerprint: String?
}

/// `GET /api/v2/alerts`: a JSON array of alerts.
struct WireAPIAlerts: Decodable {
    var alerts: [WireAPIAlert]

    init(from decoder: any Decoder) throws {
        var list = try decoder.unkeyedContainer()
        alerts = try WireList.decode(&list, limits: AlertmanagerLimits.from(decoder))
    }
}

/// One alert of the API v2 (`gettableAlert`). `mutedBy` (0.28+) and `receivers` are ignored.
struct WireAPIAlert: Decodable {
    struct Status: Decodable {
        var state: String?
        var silencedBy: [String]?
        var inhibitedBy: [String]?
    }

    var labels: [String: String]?
    var annotations: [String: String]?
    var startsAt: String?
    var endsAt: String?
    var updatedAt: String?
    var generatorURL: String?
    var fingerprint: String?
    var status: Status?
}

/// Decodes an array after checking its length, so 10 MB of `{},{},…` is refused before a
/// million values are built.
enum WireList {
    static func decode<T: Decodable>(_ list: inout any UnkeyedDecodingContainer, limits: AlertmanagerLimits) throws -> [T] {
        if let count = list.count, count > limits.maxAlerts {
            throw AlertmanagerPayloadError.tooManyAlerts(count: count, limit: limits.maxAlerts)
        }
        var out: [T] = []
        out.reserveCapacity(min(list.count ?? 0, limits.maxAlerts))
        while !list.isAtEnd {
            guard out.count < limits.maxAlerts else {
                throw AlertmanagerPayloadError.tooManyAlerts(count: out.count + 1, limit: limits.maxAlerts)
            }
            out.append(try list.decode(T.self))
        }
        return out
    }
}

extension AlertmanagerLimits {
    /// The key under which the decoder carries the limits to `init(from:)`.
    static let userInfoKey = CodingUserInfoKey(rawValue: "pmops.alertmanager.limits")

    static func from(_ decoder: any Decoder) -> AlertmanagerLimits {
        guard let key = userInfoKey else { return .standard }
        return decoder.userInfo[key] as? AlertmanagerLimits ?? .standard
    }
}

// MARK: - Text in messages

/// Payload text quoted in error messages: short, and with no byte that a terminal would
/// act on (the payload is untrusted; the CLI prints these sentences).
enum AlertmanagerText {
    static func shown(_ text: String, limit: Int = 40) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            switch scalar.value {
            case 0x20...0x7E where scalar != "\\": out.unicodeScalars.append(scalar)
            case 0xA0...0x2027, 0x202F...0x2065, 0x206A...0xFFFD, 0x10000...0x10FFFF: out.unicodeScalars.append(scalar)
            default: out += String(format: "\\u{%X}", scalar.value)
            }
        }
        return text.unicodeScalars.count > limit ? out + "…" : out
    }

    /// True when `text` is empty or only blanks: what `trimmingCharacters(in: .whitespaces)`
    /// (or `.whitespacesAndNewlines` when `newlines`) would empty, without bridging to
    /// NSString. Blanks are tab, the zero-width space and Unicode's space separators (Zs);
    /// newlines add U+000A–U+000D, U+0085 and the line and paragraph separators (Zl, Zp), as
    /// `CharacterSet` has them (checked over every scalar: `BlankTextTests`).
    static func isBlank(_ text: String, newlines: Bool) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x20, 0x09, 0x200B: return true
            case 0x0A...0x0D, 0x85: return newlines
            case 0..<0x80: return false
            default:
                switch scalar.properties.generalCategory {
                case .spaceSeparator: return true
                case .lineSeparator, .paragraphSeparator: return newlines
                default: return false
                }
            }
        }
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
