/// The fields of a form and which one has focus, owned by the app.
public struct FormState: Hashable, Sendable {
    public var fields: [FormField]
    /// The focused field's index (0 when there are no fields).
    public private(set) var focus: Int = 0

    public init(fields: [FormField], focus: Int = 0) {
        self.fields = fields
        setFocus(focus)
    }

    public mutating func setFocus(_ index: Int) {
        focus = fields.isEmpty ? 0 : min(max(0, index), fields.count - 1)
    }

    /// Tab / Down move to the next field, Shift-Tab / Up to the previous (wrapping);
    /// other keys go to the focused field. Returns whether the key was used; Enter and
    /// Escape are left to the caller (submit / cancel).
    public mutating func handle(_ key: Key) -> Bool {
        guard !fields.isEmpty else { return false }
        switch key {
        case .tab, .down:
            focus = (focus + 1) % fields.count
            return true
        case .backTab, .up:
            focus = (focus + fields.count - 1) % fields.count
            return true
        default:
            return fields[focus].state.handle(key)
        }
    }

    /// The current texts, in field order.
    public var values: [String] { fields.map(\.text) }

    /// Whether any field shows an error.
    public var hasErrors: Bool { fields.contains { $0.error != nil } }
}
