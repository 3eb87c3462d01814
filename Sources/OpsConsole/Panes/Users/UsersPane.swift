import Foundation
import OpsCore
import OpsStore
import TermUI

/// The User admin pane: staff list → account detail, the audit trail, the outbox, and
/// modal forms for create / edit / roles / deactivate / reactivate. Every change goes
/// through the same `AppDatabase` services as the CLI; a refusal shows its sentence.
@MainActor public final class UsersPane: Pane, ModalHost {
    public enum View: Equatable { case list, detail(String), audit, outbox }

    let env: ConsoleEnvironment
    public internal(set) var view: View = .list
    public internal(set) var modal: UsersModal = .none

    var filter = StaffFilter()
    var list = PagedTable<StaffAccount>()
    var detail: AccountDetail?
    var auditFilterText = ""
    var audit = PagedTable<AuditEntry>()
    /// The pane's width at the last layout: dialogs built on a key (the audit chain's
    /// head) wrap to it.
    var areaWidth = 80
    /// The pending-onboarding entry the open list offers to create on Enter.
    var pendingShown: Int64?
    var outbox = PagedTable<OutboxMessage>()

    public init(env: ConsoleEnvironment) { self.env = env }

    public var title: String { "Users" }

    public var scopes: [CommandScope] {
        if case .reactivate = modal { return [.dialog, .form] }
        if capturesText { return [.form] }
        switch view {
        case .list: return [.usersList, .users, .list]
        case .detail: return [.usersDetail, .users]
        case .audit: return [.usersAudit, .users, .list]
        case .outbox: return [.users, .list]
        }
    }

    public var capturesText: Bool { modal.isOpen || list.isFiltering || audit.isFiltering }
    public var modalIsOpen: Bool { modal.isOpen }

    /// The account under the cursor (list) or shown (detail).
    var selectedAccount: StaffAccount? {
        switch view {
        case .list: return list.selectedRow
        case .detail: return detail?.account
        default: return nil
        }
    }

    public func layout(area: Rect) {
        areaWidth = area.width
        list.layout(area: area)
        audit.layout(area: area)
        outbox.layout(area: area)
    }

    // MARK: - Commands

    public func perform(_ command: CommandID) -> Bool {
        if modal.isOpen { return performModal(command) }
        if list.isFiltering || audit.isFiltering { return performFilterEdit(command) }
        switch (command, view) {
        case (.back, .list):
            if filter != StaffFilter() { clearFilters(); return true }
            return false
        case (.back, _):
            view = .list
            reloadList()
        case (.open, .list):
            if let account = selectedAccount { openDetail(account.login) }
        case (.open, .audit):
            if let e = audit.selectedRow { showAuditDiff(e) }
        case (.filter, .list):
            list.beginFilter(filter.text ?? "")
        case (.filter, .audit):
            audit.beginFilter(auditFilterText)
        case (.cycleStatusFilter, .list):
            filter.status = ([nil, .active, .deactivated] as [AccountStatus?]).cycled(after: filter.status) ?? nil
            reloadList(resetSelection: true)
        case (.cycleRoleFilter, .list):
            filter.role = ([nil] + Role.allCases.map(Optional.some)).cycled(after: filter.role) ?? nil
            reloadList(resetSelection: true)
        case (.clearFilters, .list):
            clearFilters()
        case (.showAudit, _):
            view = .audit
            reloadAudit(resetSelection: true)
        case (.showOutbox, _):
            view = .outbox
            reloadOutbox()
        case (.verifyAudit, .audit):
            verifyChain()
        case (.userCreate, _):
            openCreateForm()
        case (.userImport, _):
            openImport()
        case (.userPending, _):
            showPending()
        case (.userEdit, .list), (.userEdit, .detail):
            if let a = selectedAccount { openEditForm(a) }
        case (.userRoles, .list), (.userRoles, .detail):
            if let a = selectedAccount { openRolesEditor(a) }
        case (.userDeactivate, .list), (.userDeactivate, .detail):
            if let a = selectedAccount { openDeactivate(a) }
        case (.userReactivate, .list), (.userReactivate, .detail):
            if let a = selectedAccount { openReactivate(a) }
        default:
            return move(command)
        }
        return true
    }

    public func handleText(_ key: Key) -> Bool {
        if modal.isOpen { return typeInModal(key) }
        if let text = list.typeInFilter(key) {
            filter.text = text.isEmpty ? nil : text
            reloadList(resetSelection: true)
            return true
        }
        if let text = audit.typeInFilter(key) {
            auditFilterText = text
            reloadAudit(resetSelection: true)
            return true
        }
        return false
    }

    /// Enter keeps the filter, Esc clears it.
    func performFilterEdit(_ command: CommandID) -> Bool {
        let onList = list.isFiltering
        let edit = onList ? list.filterCommand(command) : audit.filterCommand(command)
        switch edit {
        case let .typed(text) where onList:
            filter.text = text.isEmpty ? nil : text
            reloadList(resetSelection: true)
        case let .typed(text):
            auditFilterText = text
            reloadAudit(resetSelection: true)
        case .cleared where onList:
            filter.text = nil
            reloadList(resetSelection: true)
        case .cleared:
            auditFilterText = ""
            reloadAudit(resetSelection: true)
        case .kept, .ignored:
            break
        }
        return true
    }

    func clearFilters() {
        filter = StaffFilter()
        reloadList(resetSelection: true)
    }

    /// Cursor keys on the table of the current view.
    func move(_ command: CommandID) -> Bool {
        switch view {
        case .list:
            guard list.move(command) else { return false }
            env.attempt { () throws(OpsError) in try list.loadVisible(from: listSource) }
        case .audit:
            guard audit.move(command) else { return false }
            env.attempt { () throws(OpsError) in try audit.loadVisible(from: auditSource) }
        case .outbox:
            return outbox.move(command)
        case .detail:
            return false
        }
        return true
    }

    public func handleMouse(_ event: MouseEvent) -> Bool {
        guard !modal.isOpen, event.button == .left, view == .list else { return false }
        return list.click(atPaneRow: event.y)
    }
}
