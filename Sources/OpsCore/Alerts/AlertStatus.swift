/// What an alert's source says about its condition; people's workflow is `AlertState`.
public enum AlertStatus: String, Codable, Sendable, CaseIterable {
    case pending, firing, resolved
    public var isOpen: Bool { self != .resolved }
}
