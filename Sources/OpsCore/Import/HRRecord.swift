import Foundation

/// One person as an HR export describes them, before any rule is applied. `line` is where
/// the person starts in the file, so every message can point at it.
public struct HRRecord: Sendable, Equatable {
    public var line: Int
    public var login: String
    public var name: String
    public var email: String
    /// The HR department (team in pmops, mapped to roles by the mapping file).
    public var department: String?
    public var title: String?
    /// Groups (SCIM `groups`, or the CSV `roles` column): names for the mapping, never roles.
    public var groups: [String]
    public var active: Bool
    public var manager: String?
    public var startDate: String?
    public var endDate: String?
    /// A field of this row that cannot be used: the row is refused (and kept pending on apply).
    public var problem: FieldError?

    public init(line: Int, login: String, name: String, email: String, department: String? = nil, title: String? = nil,
                groups: [String] = [], active: Bool = true, manager: String? = nil, startDate: String? = nil,
                endDate: String? = nil, problem: FieldError? = nil) {
        self.line = line
        self.login = login
        self.name = name
        self.email = email
        self.department = department
        self.title = title
        self.groups = groups
        self.active = active
        self.manager = manager
        self.startDate = startDate
        self.endDate = endDate
        self.problem = problem
    }
}

/// The export formats `users import` reads.
public enum HRFormat: String, Sendable, CaseIterable {
    case csv, json, scim

    /// The format a file name suggests (`.csv`, `.scim`, `.scim.json`, `.json`, `.jsonl`).
    public static func guess(path: String) -> HRFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") { return .csv }
        if lower.contains("scim") { return .scim }
        return lower.hasSuffix(".json") || lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") ? .json : .csv
    }
}

/// Refusals of a whole file: one sentence naming the line and the field, exit 2.
enum HRRefusal {
    static func at(_ line: Int, _ field: String, _ message: String) -> OpsError {
        .invalid(field: "\(field) on line \(line)", message: message)
    }
}
