import Foundation
import OpsCore
import OpsStore
import TermUI

/// What the detail view shows about one account.
struct AccountDetail {
    var account: StaffAccount
    var openWork: [OpenWorkItem]
    /// Recent audit rows about the account; nil when the viewer lacks audit.read.
    var audit: [AuditEntry]?
}

extension UsersPane {
    /// Called by the app when the store changed (force) or on each tick.
    public func refresh(force: Bool) -> Bool {
        guard force else { return false }
        switch view {
        case .list: reloadList()
        case let .detail(login): loadDetail(login)
        case .audit: reloadAudit()
        case .outbox: reloadOutbox()
        }
        return true
    }

    /// Re-counts the rows and reloads the visible window (never the whole table).
    func reloadList(resetSelection: Bool = false) {
        guard let count = attempt({ () throws(OpsError) in try env.store.countStaff(filter, as: env.actor) }) else { return }
        if resetSelection { table = TableState(rowCount: count) } else { table.setRowCount(count, visibleRows: listHeight) }
        window = RowWindow()
        loadVisibleRows()
    }

    func loadVisibleRows() {
        let visible = table.visibleRange(visibleRows: listHeight)
        guard !window.covers(visible) else { return }
        let span = RowWindow<StaffAccount>.span(for: visible, margin: listHeight)
        let filter = self.filter
        if let rows = attempt({ () throws(OpsError) in try env.store.listStaff(filter, offset: span.offset, limit: span.limit, as: env.actor) }) {
            window = RowWindow(start: span.offset, rows: rows)
        }
    }

    func openDetail(_ login: String) {
        view = .detail(login)
        loadDetail(login)
    }

    func loadDetail(_ login: String) {
        guard let account = attempt({ () throws(OpsError) in try env.store.staff(login: login, as: env.actor) }) else {
            view = .list
            return
        }
        let work = (try? env.store.openWork(login: login, as: env.actor)) ?? []
        let audit = try? env.store.recentAudit(about: login, limit: 50, as: env.actor)
        detail = AccountDetail(account: account, openWork: work, audit: audit)
    }

    func reloadAudit(resetSelection: Bool = false) {
        let text = auditFilterText
        guard let count = attempt({ () throws(OpsError) in try env.store.auditMatchCount(text: text, as: env.actor) }) else {
            view = .list
            return
        }
        if resetSelection { auditTable = TableState(rowCount: count) } else { auditTable.setRowCount(count, visibleRows: listHeight) }
        auditWindow = RowWindow()
        loadVisibleAudit()
    }

    func loadVisibleAudit() {
        let visible = auditTable.visibleRange(visibleRows: listHeight)
        guard !auditWindow.covers(visible) else { return }
        let span = RowWindow<AuditEntry>.span(for: visible, margin: listHeight)
        let text = auditFilterText
        if let rows = attempt({ () throws(OpsError) in try env.store.auditWindow(text: text, offset: span.offset, limit: span.limit, as: env.actor) }) {
            auditWindow = RowWindow(start: span.offset, rows: rows)
        }
    }

    func reloadOutbox() {
        guard let rows = attempt({ () throws(OpsError) in try env.store.outbox(limit: 500, as: env.actor) }) else {
            view = .list
            return
        }
        outboxRows = rows
        outboxTable.setRowCount(rows.count, visibleRows: listHeight)
    }

    func verifyChain() {
        let started = Date()
        guard let result = attempt({ () throws(OpsError) in try env.store.verifyAudit(as: env.actor) }) else { return }
        let seconds = Date().timeIntervalSince(started)
        if let problem = result.problem {
            modal = .message(Dialog(title: "Audit chain BROKEN", body: [problem, "", "Rows checked before the problem: \(result.rowsChecked)."],
                                    buttons: ["Close"], dangerous: true))
        } else {
            modal = .message(Dialog(title: "Audit chain intact",
                                    body: ["\(result.rowsChecked) rows verified in \(String(format: "%.2f", seconds)) s.",
                                           "Head: \(String((result.headHash ?? "(empty)").prefix(32)))…"],
                                    buttons: ["Close"]))
        }
    }
}
