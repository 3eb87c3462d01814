/// How a security incident is classified (use case 6). Each class brings its containment
/// checklist; items are ticked with who and when.
public enum SecurityClass: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case malware
    case credentialCompromise = "credential-compromise"
    case dataExposure = "data-exposure"
    case tenantAbuse = "tenant-abuse"
    case ddos
    case vulnerability
    case other

    public var description: String { rawValue }

    public static func parse(_ text: String) throws(OpsError) -> SecurityClass {
        let key = text.lowercased().trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "-")
        guard let value = SecurityClass(rawValue: key) else {
            throw .invalid(field: "class", message: "\(Printable.excerpt(text)) is not a security classification; classes are \(allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return value
    }

    /// The containment steps, by stable key (what `incidents checklist tick` names).
    public var containment: [IncidentChecklistItem] {
        switch self {
        case .malware: [.isolateHost, .collectEvidence, .rotateCredentials, .revokeSessions]
        case .credentialCompromise: [.revokeSessions, .rotateCredentials, .reviewAccessLogs, .collectEvidence]
        case .dataExposure: [.revokeSessions, .rotateCredentials, .collectEvidence, .assessBreach]
        case .tenantAbuse: [.suspendTenant, .blockIPs, .collectEvidence]
        case .ddos: [.blockIPs, .enableRateLimits]
        case .vulnerability: [.patch, .reviewAccessLogs, .collectEvidence]
        case .other: [.collectEvidence]
        }
    }
}

/// One checklist step: security containment, or the rollback checklist of a failed deploy.
public enum IncidentChecklistItem: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case revokeSessions = "revoke-sessions"
    case rotateCredentials = "rotate-credentials"
    case isolateHost = "isolate-host"
    case blockIPs = "block-ips"
    case suspendTenant = "suspend-tenant"
    case enableRateLimits = "enable-rate-limits"
    case reviewAccessLogs = "review-access-logs"
    case collectEvidence = "collect-evidence"
    case assessBreach = "assess-breach"
    case patch
    case freezeDeploys = "freeze-deploys"
    case rollBack = "roll-back"
    case verifyRollback = "verify-rollback"

    public var description: String { rawValue }

    public var title: String {
        switch self {
        case .revokeSessions: "Revoke sessions"
        case .rotateCredentials: "Rotate credentials"
        case .isolateHost: "Isolate host"
        case .blockIPs: "Block IPs"
        case .suspendTenant: "Suspend tenant"
        case .enableRateLimits: "Enable rate limits"
        case .reviewAccessLogs: "Review access logs"
        case .collectEvidence: "Collect evidence"
        case .assessBreach: "Assess whether personal data was breached"
        case .patch: "Patch or mitigate the vulnerability"
        case .freezeDeploys: "Freeze deploys to the service"
        case .rollBack: "Roll back to the last good version"
        case .verifyRollback: "Verify the rollback (errors and latency back to normal)"
        }
    }

    /// The rollback checklist a deployment incident starts with.
    public static let rollback: [IncidentChecklistItem] = [.freezeDeploys, .rollBack, .verifyRollback]

    public static func parse(_ text: String, among items: [IncidentChecklistItem]) throws(OpsError) -> IncidentChecklistItem {
        let key = text.lowercased().trimmingCharacters(in: .whitespaces)
        guard let item = IncidentChecklistItem(rawValue: key), items.contains(item) else {
            let names = items.map(\.rawValue).joined(separator: ", ")
            throw .invalid(field: "item", message: "\(Printable.excerpt(text)) is not on this incident's checklist; its items are \(names.isEmpty ? "none" : names).")
        }
        return item
    }
}
