import Foundation
import OpsCore
import OpsStore
import TermUI

/// The User admin pane: staff list → account detail, the audit trail, the outbox, and
/// modal forms for create / edit / roles / deactivate / reactivate. Every change goes
/// through the same `AppDatabase` services as the CLI; a refusal shows its sentence.
@MainActor public final class UsersPane: Pane {
    public enum View: Equatable { case list, detail(String), audit, outbox }

    let env: ConsoleEnvironment
    public internal(set) var view: View = .list
    public internal(set) var modal: UsersModal = .none

    // List state
    var filter = StaffFilter()
    var filterField: TextFieldState?
    var table = TableState()
    var window = RowWindow<StaffAccount>()
    var listHeight = 20

    // Detail state
    var detail: AccountDetail?

    // Audit and outbox state
    var auditFilterText = ""
    var auditFilterField: TextFieldState?
    var auditTable = TableState()
    var auditWindow = RowWindow<AuditEntry>()
    var outboxRows: [OutboxMessage] = []
    var outboxTable = TableState()

    public init(env: ConsoleEnvironment) { self.env = env }

    public var title: String { "Users" }

    public var scopes: [CommandScope] {
        if modal.isOpen { return [.form] }
        if filterField != nil || auditFilterField != nil { return [.form] }
        switch view {
        case .list: return [.usersList, .users, .list]
        case .detail: return [.usersDetail, .users]
        case .audit: return [.usersAudit, .users, .list]
        case .outbox: return [.users, .list]
        }
    }

    public var capturesText: Bool { modal.isOpen || filterField != nil || auditFilterField != nil }

    /// The account under the cursor (list) or shown (detail).
    var selectedAccount: StaffAccount? {
        switch view {
        case .list: return table.selected.flatMap { window[$0] }
        case .detail: return detail?.account
        default: return nil
        }
    }

    // MARK: - Commands

    public func perform(_ command: CommandID) -> Bool {
        if modal.isOpen { return performModal(command) }
        if filterField != nil || auditFilterField != nil { return performFilterEdit(command) }
        switch (command, view) {
        case (.back, .list):
            if filter != StaffFilter() { clearFilters(); return true }
            return false
        case (.back, _):
            view = .list
            reloadList()
            return true
        case (.open, .list):
            if let account = selectedAccount { openDetail(account.login) }
            return true
        case (.filter, .list):
            filterField = TextFieldState(text: filter.text ?? "", maxLength: 80)
            return true
        case (.filter, .audit):
            auditFilterField = TextFieldState(text: auditFilterText, maxLength: 80)
            return true
        case (.cycleStatusFilter, .list):
            filter.status = switch filter.status {
            case nil: .active
            case .active: .deactivated
            case .deactivated: nil
            }
            reloadList(resetSelection: true)
            return true
        case (.cycleRoleFilter, .list):
            let roles = Role.allCases
            filter.role = filter.role.flatMap { r in roles.firstIndex(of: r).flatMap { $0 + 1 < roles.count ? roles[$0 + 1] : nil } } ?? (filter.role == nil ? roles.first : nil)
            reloadList(resetSelection: true)
            return true
        case (.clearFilters, .list):
            clearFilters()
            return true
        case (.showAudit, _):
            view = .audit
            reloadAudit(resetSelection: true)
            return true
        case (.showOutbox, _):
            view = .outbox
            reloadOutbox()
            return true
        case (.verifyAudit, .audit):
            verifyChain()
            return true
        case (.userCreate, _):
            openCreateForm()
            return true
        case (.userEdit, .list), (.userEdit, .detail):
            if let a = selectedAccount { openEditForm(a) }
            return true
        case (.userRoles, .list), (.userRoles, .detail):
            if let a = selectedAccount { openRolesEditor(a) }
            return true
        case (.userDeactivate, .list), (.userDeactivate, .detail):
            if let a = selectedAccount { openDeactivate(a) }
            return true
        case (.userReactivate, .list), (.userReactivate, .detail):
            if let a = selectedAccount { openReactivate(a) }
            return true
        case (.moveUp, _), (.moveDown, _), (.pageUp, _), (.pageDown, _), (.first, _), (.last, _):
            move(command)
            return true
        default:
            return false
        }
    }

    public func handleText(_ key: Key) -> Bool {
        if modal.isOpen { return handleModalText(key) }
        if var field = filterField {
            guard field.handle(key) else { return false }
            filterField = field
            filter.text = field.text.isEmpty ? nil : field.text
            reloadList(resetSelection: true)
            return true
        }
        if var field = auditFilterField {
            guard field.handle(key) else { return false }
            auditFilterField = field
            auditFilterText = field.text
            reloadAudit(resetSelection: true)
            return true
        }
        return false
    }

    /// Enter keeps the filter, Esc clears it.
    func performFilterEdit(_ command: CommandID) -> Bool {
        switch command {
        case .formSubmit:
            filterField = nil
            auditFilterField = nil
            return true
        case .formCancel:
            if filterField != nil {
                filterField = nil
                filter.text = nil
                reloadList(resetSelection: true)
            } else {
                auditFilterField = nil
                auditFilterText = ""
                reloadAudit(resetSelection: true)
            }
            return true
        case .formToggle:
            return handleText(.char(" "))
        default:
            return true
        }
    }

    func clearFilters() {
        filter = StaffFilter()
        reloadList(resetSelection: true)
    }

    func move(_ command: CommandID) {
        switch view {
        case .list:
            table.apply(command, visibleRows: listHeight)
            loadVisibleRows()
        case .audit:
            auditTable.apply(command, visibleRows: listHeight)
            loadVisibleAudit()
        case .outbox:
            outboxTable.apply(command, visibleRows: listHeight)
        case .detail:
            break
        }
    }

    public func handleMouse(_ event: MouseEvent) -> Bool {
        guard !modal.isOpen, event.button == .left, view == .list else { return false }
        // Row 0 is the filter bar, row 1 the table header (see render).
        let row = table.offset + event.y - 2
        guard row >= 0, row < table.rowCount else { return false }
        table.select(row, visibleRows: listHeight)
        return true
    }

    /// Runs a store call; a refusal becomes a status message (the console never exits on it).
    @discardableResult
    func attempt<T>(_ body: () throws(OpsError) -> T) -> T? {
        do { return try body() } catch {
            env.status.show(error)
            return nil
        }
    }
}

extension TableState {
    /// Applies a list-movement command.
    mutating func apply(_ command: CommandID, visibleRows: Int) {
        switch command {
        case .moveUp: moveBy(-1, visibleRows: visibleRows)
        case .moveDown: moveBy(1, visibleRows: visibleRows)
        case .pageUp: page(-1, visibleRows: visibleRows)
        case .pageDown: page(1, visibleRows: visibleRows)
        case .first: home(visibleRows: visibleRows)
        case .last: end(visibleRows: visibleRows)
        default: break
        }
    }
}
