/// The PenguinMails platform settings pmops manages (not pmops's own settings, which stay
/// in `pmops settings`). Compiled in: a key's schema is code reviewed like the rules that
/// read it, and a store never holds a schema a binary does not understand.
public struct PlatformRegistry: Sendable {
    public let schemas: [SettingSchema]
    /// The warm-up schedule's keys, by day: `warmup.day07_cap` is the daily cap on day 7.
    /// Found once here: the warm-up rules walk it on every evaluation.
    public let warmupSteps: [(day: Int, key: String)]
    private let byKey: [String: Int]

    public init(_ schemas: [SettingSchema]) {
        self.schemas = schemas.sorted { $0.key < $1.key }
        var index: [String: Int] = [:]
        for (i, schema) in self.schemas.enumerated() { index[schema.key] = i }
        byKey = index
        warmupSteps = self.schemas.compactMap { schema in
            guard schema.key.hasPrefix("warmup.day"), schema.key.hasSuffix("_cap") else { return nil }
            let digits = schema.key.dropFirst("warmup.day".count).dropLast("_cap".count)
            return Int(digits).map { (day: $0, key: schema.key) }
        }.sorted { $0.day < $1.day }
    }

    public subscript(key: String) -> SettingSchema? { byKey[key].map { schemas[$0] } }

    /// The schema of `key`, or "unknown key" naming the nearest keys by prefix.
    public func schema(_ key: String) throws(OpsError) -> SettingSchema {
        if let schema = self[key] { return schema }
        let prefix = key.split(separator: ".").first.map(String.init) ?? key
        let near = schemas.map(\.key).filter { $0.hasPrefix(prefix + ".") }.prefix(5)
        throw .invalid(field: "key", message: "\(Printable.excerpt(key)) is not a platform setting"
                       + (near.isEmpty ? "; `pmops config keys` lists them." : "; did you mean \(near.joined(separator: ", "))?"))
    }

    /// Every key at its default: the configuration before any change set.
    public var defaults: [String: String] {
        Dictionary(uniqueKeysWithValues: schemas.map { ($0.key, $0.defaultValue) })
    }

    static let deliverability = "deliverability"
    static let security = "security"
    static let platform = "platform"

    /// The seeded PenguinMails settings. Defaults follow the mailbox providers' published
    /// guidance (Gmail and Yahoo bulk-sender rules: complaints under 0.3 %, DMARC published)
    /// and the platform's data processing terms (EU tenants keep data a year).
    public static let penguinMails = PlatformRegistry([
        SettingSchema("mta.per_ip_daily_limit", .int(100...2_000_000), unit: "messages/day", default: "50000", owner: deliverability,
                      "Messages one sending IP may send per day once warmed up."),
        SettingSchema("warmup.day01_cap", .int(1...2_000_000), unit: "messages/day", default: "50", owner: deliverability, "Daily cap on day 1 of an IP's warm-up."),
        SettingSchema("warmup.day02_cap", .int(1...2_000_000), unit: "messages/day", default: "100", owner: deliverability, "Daily cap on day 2 of an IP's warm-up."),
        SettingSchema("warmup.day04_cap", .int(1...2_000_000), unit: "messages/day", default: "500", owner: deliverability, "Daily cap on day 4 of an IP's warm-up."),
        SettingSchema("warmup.day07_cap", .int(1...2_000_000), unit: "messages/day", default: "2000", owner: deliverability, "Daily cap on day 7 of an IP's warm-up."),
        SettingSchema("warmup.day14_cap", .int(1...2_000_000), unit: "messages/day", default: "10000", owner: deliverability, "Daily cap on day 14 of an IP's warm-up."),
        SettingSchema("warmup.day21_cap", .int(1...2_000_000), unit: "messages/day", default: "25000", owner: deliverability, "Daily cap on day 21 of an IP's warm-up."),
        SettingSchema("warmup.day30_cap", .int(1...2_000_000), unit: "messages/day", default: "50000", owner: deliverability, "Daily cap on day 30 of an IP's warm-up."),
        SettingSchema("reputation.bounce_suspend_bp", .int(50...2_000), unit: "basis points of sends", default: "500", owner: deliverability,
                      "Hard-bounce rate (1/100 %) over a day at which a tenant's sending is suspended."),
        SettingSchema("reputation.complaint_suspend_bp", .int(1...100), unit: "basis points of sends", default: "30", owner: deliverability,
                      "Spam-complaint rate (1/100 %) over a day at which a tenant's sending is suspended."),
        SettingSchema("reputation.auto_suspend", .bool, default: "true", owner: deliverability,
                      "Suspend a tenant automatically when a threshold is crossed (off: alert only)."),
        SettingSchema("dkim.key_rotation", .duration(86_400...(730 * 86_400)), unit: "days", default: "90d", owner: security,
                      "How often DKIM signing keys are rotated."),
        SettingSchema("dkim.key_bits", .enumeration(["1024", "2048", "4096"]), unit: "bits", default: "2048", owner: security, "DKIM RSA key size."),
        SettingSchema("dmarc.policy", .enumeration(["none", "quarantine", "reject"]), default: "quarantine", owner: security,
                      "DMARC policy published for platform sending domains."),
        SettingSchema("tls.min_version", .enumeration(["1.0", "1.1", "1.2", "1.3"]), default: "1.2", owner: security,
                      "Lowest TLS version the API, web and SMTP submission accept."),
        SettingSchema("mta.helo_hostname", .string(maxLength: 253), default: "mta.penguinmails.com", owner: deliverability,
                      "Host name the MTAs announce in HELO/EHLO."),
        SettingSchema("retention.days", .int(1...3_650), unit: "days", default: "90", owner: platform,
                      "Days message logs and events are kept for tenants outside the EU."),
        SettingSchema("retention.eu_days", .int(1...3_650), unit: "days", default: "365", owner: platform,
                      "Days message logs and events are kept for EU tenants."),
        SettingSchema("api.rate_limit_per_minute", .int(10...100_000), unit: "requests/minute", default: "600", owner: platform, needsApproval: false,
                      "API requests per minute per API key."),
        SettingSchema("api.burst", .int(1...100_000), unit: "requests", default: "100", owner: platform, needsApproval: false,
                      "Requests an API key may send at once above its steady rate."),
        SettingSchema("api.webhook_timeout", .duration(1...120), unit: "seconds", default: "10s", owner: platform, needsApproval: false,
                      "How long the platform waits for a tenant's webhook endpoint."),
    ])
}
