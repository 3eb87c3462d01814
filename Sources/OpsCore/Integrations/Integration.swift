import Foundation

/// A third-party system PenguinMails depends on: Stripe, the DNS provider, SMTP relays,
/// inbox providers, blocklist monitors, the CRM. Health comes from a collector source
/// (`source`, a probe or scrape by its configured name) and incidents naming `service`.
public struct Integration: Sendable, Equatable, Codable {
    public enum Kind: String, CaseIterable, Codable, Sendable {
        case payments, dns, smtpRelay = "smtp-relay", inboxProvider = "inbox-provider", blocklistMonitor = "blocklist-monitor", crm, other
    }

    /// Where an integration stands. New ones start in staging; only an approved security
    /// review lets one reach production (`IntegrationStages`).
    public enum Stage: String, CaseIterable, Codable, Sendable {
        case staging, securityReview = "security-review", production, retired
    }

    /// A slug ("stripe", "route53").
    public var id: String
    public var name: String
    public var kind: Kind
    public var ownerTeam: String
    public var apiVersion: String
    public var stage: Stage
    /// The collector source whose status is this integration's health, if any.
    public var source: String?
    /// The service name incidents list when this integration is involved.
    public var service: String?
    public var rotationDue: Date?
    public var author: String
    public var reviewer: String?
    public var reviewedAt: Date?
    /// The security review checklist as recorded by the reviewer.
    public var checklist: [String]
    public var created: Date

    public init(id: String, name: String, kind: Kind, ownerTeam: String, apiVersion: String, stage: Stage = .staging,
                source: String? = nil, service: String? = nil, rotationDue: Date? = nil, author: String = "", reviewer: String? = nil,
                reviewedAt: Date? = nil, checklist: [String] = [], created: Date) {
        self.id = id
        self.name = name
        self.kind = kind
        self.ownerTeam = ownerTeam
        self.apiVersion = apiVersion
        self.stage = stage
        self.source = source
        self.service = service
        self.rotationDue = rotationDue
        self.author = author
        self.reviewer = reviewer
        self.reviewedAt = reviewedAt
        self.checklist = checklist
        self.created = created
    }
}

/// The staging → security review → production path. Pure: the store applies it inside
/// the transaction that records the step.
public enum IntegrationStages {
    /// The stage `advance` moves to from `stage`, or why it may not.
    public static func next(from stage: Integration.Stage, reviewed: Bool) throws(OpsError) -> Integration.Stage {
        switch stage {
        case .staging: return .securityReview
        case .securityReview:
            guard reviewed else {
                throw .conflict("Not reviewed: an integration reaches production only after a security review approves it (`pmops integrations review ID --approve`).")
            }
            return .production
        case .production: throw .conflict("Already in production.")
        case .retired: throw .conflict("Retired integrations do not move; add a new one.")
        }
    }

    /// Checks a review: it must be awaited, by someone other than the author, with a checklist.
    public static func checkReview(stage: Integration.Stage, author: String, reviewer: String, checklist: [String],
                                   approve: Bool) throws(OpsError) {
        guard stage == .securityReview else {
            throw .conflict("Not awaiting review: it is in \(stage.rawValue); `pmops integrations advance ID` sends a staging integration to review.")
        }
        guard reviewer != author else {
            throw .conflict("Separation of duty: '\(reviewer)' added this integration and cannot review it; another person with integrations.review must.")
        }
        if approve, checklist.isEmpty {
            throw .invalid(field: "--check", message: "an approval records the checklist it covered; give at least one --check ITEM.")
        }
    }
}

/// An API deprecation notice: the provider retires `api` at `sunset`; the affected
/// integration migrates through a checklist before then.
public struct Deprecation: Sendable, Equatable, Codable {
    public struct Item: Sendable, Equatable, Codable {
        public var text: String
        public var done: Bool
        public init(text: String, done: Bool = false) {
            self.text = text
            self.done = done
        }
    }

    public var id: Int64
    public var integration: String
    public var api: String
    public var sunset: Date
    public var checklist: [Item]
    public var migratedAt: Date?

    public init(id: Int64, integration: String, api: String, sunset: Date, checklist: [Item], migratedAt: Date? = nil) {
        self.id = id
        self.integration = integration
        self.api = api
        self.sunset = sunset
        self.checklist = checklist
        self.migratedAt = migratedAt
    }

    /// Whole days left until the sunset (negative once past), counted from `now`.
    public func daysLeft(now: Date) -> Int { Int((sunset.timeIntervalSince(now) / 86_400).rounded(.up)) }
}

/// When deprecation reminders and the alert fire. Pure and table-tested.
public enum DeprecationSchedule {
    /// Reminders go out as the countdown crosses each of these (days left).
    public static let reminderDays = [30, 14, 7, 1]
    /// At or under this many days left, with the migration unfinished, the alert fires.
    public static let alertDays = 14

    /// The reminder stage due at `daysLeft` (an index into `reminderDays`, higher is
    /// later), or nil when none is due beyond `sentStage` (the last one sent, -1 for none).
    /// A countdown that jumps several stages sends one reminder, for the latest.
    public static func reminderDue(daysLeft: Int, sentStage: Int) -> Int? {
        guard let stage = reminderDays.lastIndex(where: { daysLeft <= $0 }), stage > sentStage else { return nil }
        return stage
    }

    public static func alertFiring(daysLeft: Int, migrated: Bool) -> Bool { !migrated && daysLeft <= alertDays }
}

/// Validation of integration fields typed on the command line or imported.
public enum IntegrationValidation {
    public static func slug(_ text: String, field: String) throws(OpsError) -> String {
        let ok = (1...63).contains(text.count) && text.first != "-"
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard ok else { throw .invalid(field: field, message: "\(Printable.excerpt(text)) is not 1–63 characters of a-z, 0-9 and '-'.") }
        return text
    }

    public static func text(_ text: String, field: String, max: Int = 200) throws(OpsError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= max else { throw .invalid(field: field, message: "must be 1–\(max) characters.") }
        return trimmed
    }

    /// A date typed as YYYY-MM-DD (or a full timestamp), within ten years of `now`.
    public static func date(_ text: String, field: String, now: Date) throws(OpsError) -> Date {
        guard let date = Timestamp.parse(text) else { throw .invalid(field: field, message: "\(Printable.excerpt(text)) is not a date (YYYY-MM-DD).") }
        guard abs(date.timeIntervalSince(now)) <= 3_660 * 86_400 else {
            throw .invalid(field: field, message: "\(Printable.excerpt(text)) is more than ten years from today.")
        }
        return date
    }
}
