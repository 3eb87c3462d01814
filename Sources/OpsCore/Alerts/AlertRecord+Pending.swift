import Foundation

extension AlertRecord {
    /// The annotation a rule's pending alert carries: when it fires if its condition keeps
    /// holding (start plus the rule's `for`). Firing replaces the annotations, so only
    /// pending rows have it.
    public static let firesAtAnnotation = "fires_at"

    /// Inside its `for`: the condition holds but the alert has not fired (nobody was paged).
    public var isPending: Bool { status == .pending && state.isActive }

    /// When a pending alert fires if nothing changes; nil when unknown or not pending.
    public var firesAt: Date? {
        guard isPending else { return nil }
        return annotations[Self.firesAtAnnotation].flatMap(Timestamp.parse)
    }

    /// "fires in 1m20s" (or "fires any moment" once the time has passed; "pending" when the
    /// source did not say when), for the queue and the dashboard.
    public func firesText(now: Date) -> String {
        guard let firesAt else { return "pending" }
        let left = Int(firesAt.timeIntervalSince(now).rounded(.up))
        guard left > 0 else { return "fires any moment" }
        let text = left >= 3600 ? "\(left / 3600)h\(left % 3600 / 60)m" : left >= 60 ? "\(left / 60)m\(String(format: "%02d", left % 60))s" : "\(left)s"
        return "fires in " + text
    }
}
