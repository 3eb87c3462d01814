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

    var listSource: PageSource<StaffAccount> {
        let store = env.store, actor = env.actor, filter = self.filter
        return PageSource(count: { () throws(OpsError) in try store.countStaff(filter, as: actor) },
                          load: { offset, limit throws(OpsError) in try store.listStaff(filter, offset: offset, limit: limit, as: actor) })
    }

    var auditSource: PageSource<AuditEntry> {
        let store = env.store, actor = env.actor, text = auditFilterText
        return PageSource(count: { () throws(OpsError) in try store.auditMatchCount(text: text, as: actor) },
                          load: { offset, limit throws(OpsError) in try store.auditWindow(text: text, offset: offset, limit: limit, as: actor) })
    }

    /// Re-counts the rows and reloads the visible window (never the whole table).
    func reloadList(resetSelection: Bool = false) {
        env.attempt { () throws(OpsError) in try list.reload(from: listSource, resetSelection: resetSelection) }
    }

    func openDetail(_ login: String) {
        view = .detail(login)
        loadDetail(login)
    }

    func loadDetail(_ login: String) {
        guard let account = env.attempt({ () throws(OpsError) in try env.store.staff(login: login, as: env.actor) }) else {
            view = .list
            return
        }
        let work = (try? env.store.openWork(login: login, as: env.actor)) ?? []
        let audit = try? env.store.recentAudit(about: login, limit: 50, as: env.actor)
        detail = AccountDetail(account: account, openWork: work, audit: audit)
    }

    func reloadAudit(resetSelection: Bool = false) {
        guard env.attempt({ () throws(OpsError) in try audit.reload(from: auditSource, resetSelection: resetSelection) }) != nil else {
            view = .list
            return
        }
    }

    func reloadOutbox() {
        guard let rows = env.attempt({ () throws(OpsError) in try env.store.outbox(limit: 500, as: env.actor) }) else {
            view = .list
            return
        }
        outbox.setRows(rows)
    }

    func verifyChain() {
        let started = Date()
        guard let result = env.attempt({ () throws(OpsError) in try env.store.verifyAudit(as: env.actor) }) else { return }
        let seconds = Date().timeIntervalSince(started)
        if let problem = result.problem {
            modal = .message(Dialog(title: "Audit chain BROKEN", body: [problem, "", "Rows checked before the problem: \(result.rowsChecked)."],
                                    buttons: ["Close"], dangerous: true))
        } else {
            modal = .message(Dialog(title: "Audit chain intact",
                                    body: ["\(result.rowsChecked) rows verified in \(String(format: "%.2f", seconds)) s.",
                                           "Head hash (anchor it elsewhere; select to copy):"] + headLines(result.headHash),
                                    buttons: ["Close"]))
        }
    }

    /// The whole head hash: on one line where the dialog fits it (so a selection copies
    /// it in one piece), otherwise wrapped into equal parts, never cut.
    func headLines(_ hash: String?) -> [String] {
        guard let hash else { return ["(empty: no audit rows yet)"] }
        let room = max(16, areaWidth - 8)
        guard hash.count > room else { return [hash] }
        var lines: [String] = [], rest = Substring(hash)
        while !rest.isEmpty { lines.append(String(rest.prefix(room))); rest = rest.dropFirst(room) }
        return lines
    }

    /// Enter on an audit row: its before and after as a diff.
    func showAuditDiff(_ e: AuditEntry) {
        let who = e.impersonator.map { "\(e.actor) (by \($0))" } ?? e.actor
        var body = ["\(e.at) by \(who)"]
        if let reason = e.reason { body += AuditDiff.wrap("reason: \(reason)", width: max(20, areaWidth - 8)) }
        body.append("")
        body += AuditDiff.lines(before: e.before, after: e.after, width: max(20, areaWidth - 8))
        modal = .message(Dialog(title: "#\(e.id) \(e.action)\(e.target.map { " \($0)" } ?? "")", body: body, buttons: ["Close"]))
    }
}
