/// One tab title with an optional count badge ("Alerts 3").
public struct TabItem: Hashable, Sendable {
    public var title: String
    /// Firing/unread count; nil or 0 hides the badge.
    public var badge: Int?

    public init(_ title: String, badge: Int? = nil) {
        self.title = title
        self.badge = badge
    }
}
