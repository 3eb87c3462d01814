/// Where an incident stands: investigating → identified → monitoring → resolved →
/// postmortem → closed. `IncidentLifecycle` holds the allowed moves.
public enum IncidentStatus: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case investigating
    case identified
    case monitoring
    case resolved
    case postmortem
    case closed

    public var description: String { rawValue }

    /// Still burning: update reminders run, it sorts first, the Health banner shows.
    public var isActive: Bool { self == .investigating || self == .identified || self == .monitoring }

    /// Still takes automatic entries from its linked alerts and tickets and its services'
    /// changes: active, or resolved (a recurrence is what reopens it). In the postmortem
    /// or closed, later events belong to whatever incident comes next.
    public var followsLinkedEvents: Bool { isActive || self == .resolved }

    public static func parse(_ text: String) throws(OpsError) -> IncidentStatus {
        guard let status = IncidentStatus(rawValue: text.lowercased().trimmingCharacters(in: .whitespaces)) else {
            throw .invalid(field: "status", message: "\(Printable.excerpt(text)) is not a status; statuses are \(allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return status
    }
}

/// The incident status machine. Pure, so the store applies it inside the write
/// transaction and the console offers only moves that will succeed.
public enum IncidentLifecycle {
    public static func allowed(from status: IncidentStatus) -> [IncidentStatus] {
        switch status {
        case .investigating: [.identified, .monitoring, .resolved]
        case .identified: [.investigating, .monitoring, .resolved]
        case .monitoring: [.investigating, .identified, .resolved]
        case .resolved: [.investigating, .postmortem, .closed]
        case .postmortem: [.closed]
        case .closed: []
        }
    }

    /// The move to `target`, or a conflict that names the moves there are.
    public static func check(from status: IncidentStatus, to target: IncidentStatus, incident: IncidentNumber) throws(OpsError) {
        if target == status { throw .conflict("\(incident) is already \(status).") }
        guard allowed(from: status).contains(target) else {
            let options = allowed(from: status).map(\.rawValue).joined(separator: ", ")
            throw .conflict("\(incident) cannot go from \(status) to \(target); from \(status) it can go to \(options.isEmpty ? "nothing (it is closed)" : options).")
        }
    }
}
