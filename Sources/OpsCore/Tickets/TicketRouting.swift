/// Which team owns a ticket, by category. Read from a human-edited file like the alerts'
/// routing (one `route CATEGORY TEAM` per line, `#` comments); categories it does not name
/// keep the default team.
///
///     route billing-dispute finance
///     route refund          finance
///     route security        security
public struct TicketRouting: Sendable, Equatable {
    public var teams: [TicketCategory: String]

    public init(teams: [TicketCategory: String] = TicketRouting.defaultTeams) { self.teams = teams }

    /// Billing disputes and refunds to finance, security to security, mail-flow problems to
    /// ops, the rest to support.
    public static let defaultTeams: [TicketCategory: String] = [
        .deliverability: "ops", .sending: "ops", .dns: "ops", .api: "support", .accountAccess: "support",
        .billingDispute: "finance", .refund: "finance", .security: "security", .other: "support",
    ]

    public static let standard = TicketRouting()

    public func team(for category: TicketCategory) -> String {
        teams[category] ?? Self.defaultTeams[category] ?? "support"
    }

    /// Parses the file over the defaults; every problem is "file:line: what", all at once.
    public static func parse(_ text: String, file: String = "ticket-routing") throws(OpsError) -> TicketRouting {
        try Printable.refuseNUL(text, field: file)
        var routing = TicketRouting()
        var errors: [FieldError] = []
        var seen = Set<TicketCategory>()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            if words.isEmpty { continue }
            let at = "\(file):\(index + 1)"
            guard words.count == 3, words[0] == "route" else {
                errors.append(FieldError(field: at, message: "expected `route CATEGORY TEAM`."))
                continue
            }
            guard let category = TicketCategory(name: words[1]) else {
                errors.append(FieldError(field: at, message: "\(Printable.excerpt(words[1])) is not a category; categories are \(TicketCategory.allCases.map(\.rawValue).joined(separator: ", ")).") )
                continue
            }
            if let problem = StaffValidation.team(words[2]) {
                errors.append(FieldError(field: at, message: problem.message))
                continue
            }
            if !seen.insert(category).inserted {
                errors.append(FieldError(field: at, message: "\(category) is routed twice."))
                continue
            }
            routing.teams[category] = words[2].lowercased()
        }
        if !errors.isEmpty { throw .invalidFields(errors) }
        return routing
    }
}
