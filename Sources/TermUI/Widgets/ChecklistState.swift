/// One line of a `Checklist`.
public struct ChecklistItem: Hashable, Sendable {
    public var title: String
    public var checked: Bool
    /// Shown dimmed and cannot be toggled (e.g. a permission the user lacks).
    public var disabled: Bool
    /// Shown after the title with a warning marker ("restarts the service").
    public var warning: String?

    public init(_ title: String, checked: Bool = false, disabled: Bool = false, warning: String? = nil) {
        self.title = title
        self.checked = checked
        self.disabled = disabled
        self.warning = warning
    }
}

/// The items of a checklist and the highlighted one, owned by the app.
public struct ChecklistState: Hashable, Sendable {
    public private(set) var items: [ChecklistItem]
    public private(set) var list: TableState

    public init(items: [ChecklistItem]) {
        self.items = items
        self.list = TableState(rowCount: items.count)
    }

    /// Space or Enter toggles the highlighted item unless it is disabled; arrows move.
    /// Returns whether the key was used.
    public mutating func handle(_ key: Key, visibleRows: Int) -> Bool {
        switch key {
        case .char(" "), .enter:
            if let index = list.selected { toggle(index) }
            return true
        default:
            return list.handle(key, visibleRows: visibleRows)
        }
    }

    /// Flips one item; disabled items and bad indexes are ignored.
    public mutating func toggle(_ index: Int) {
        guard items.indices.contains(index), !items[index].disabled else { return }
        items[index].checked.toggle()
    }

    /// The titles of the checked items, in order.
    public var checkedTitles: [String] { items.filter(\.checked).map(\.title) }
}
