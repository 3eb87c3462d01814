/// What a ticket opened from an alert starts with: the customer from the alert's `tenant`
/// label, a category guessed from the alert's rule, labels and summary, a priority from
/// its severity, and its summary as the title. The agent sees and can change each one.
public enum TicketFromAlert {
    /// The label that names the customer on a per-tenant alert.
    public static let tenantLabel = "tenant"

    /// Words that point at a category, most specific first: an alert about DKIM bounces
    /// is an authentication problem before it is a deliverability one.
    public static let categoryWords: [(category: TicketCategory, words: [String])] = [
        (.security, ["security", "intrusion", "phishing", "compromis", "abuse", "bruteforce"]),
        (.dns, ["dkim", "spf", "dmarc", "dns", "ptr"]),
        (.deliverability, ["blacklist", "blocklist", "denylist", "rbl", "bounce", "spam", "complaint", "reputation", "deliverab", "inbox"]),
        (.sending, ["smtp", "queue", "relay", "mta", "postfix", "deferred", "sending", "outbound"]),
        (.api, ["api", "webhook", "http", "latency", "5xx", "endpoint"]),
        (.accountAccess, ["login", "password", "sso", "2fa", "mfa", "lockout"]),
        (.billingDispute, ["billing", "invoice", "payment", "chargeback", "stripe"]),
    ]

    /// The first category one of whose words starts a word of the rule, the label values
    /// or the summary (case-insensitive; `HighBounceRate` reads as high, bounce, rate);
    /// `other` when none does.
    public static func category(rule: String, labels: [String: String], summary: String) -> TicketCategory {
        let tokens = ([rule, summary] + labels.keys.sorted().compactMap { labels[$0] }).flatMap(words)
        return categoryWords.first { entry in entry.words.contains { word in tokens.contains { $0.hasPrefix(word) } } }?.category ?? .other
    }

    /// Lower-cased words: split at anything but letters and digits, and where a lower-case
    /// letter meets an upper-case one.
    static func words(_ text: String) -> [String] {
        var out: [String] = [], current = ""
        var previousLower = false
        for c in text {
            guard c.isLetter || c.isNumber else {
                if !current.isEmpty { out.append(current) }
                current = ""
                previousLower = false
                continue
            }
            if c.isUppercase, previousLower, !current.isEmpty {
                out.append(current)
                current = ""
            }
            current += c.lowercased()
            previousLower = c.isLowercase
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// A critical alert seen by a customer is urgent but rarely all-hands: P2; a warning
    /// P3; anything else P4.
    public static func priority(severity: AlertSeverity) -> TicketPriority {
        switch severity {
        case .critical: .p2
        case .warning: .p3
        case .info: .p4
        }
    }
}
