import Foundation
import OpsCore
import OpsStore
import TermUI

extension AlertsPane {
    /// Called by the app: `force` when the store's change token moved (or the pane was
    /// switched to), otherwise on every UI tick, when only an expiring highlight can need
    /// a new frame. An idle pane reads nothing and draws nothing.
    public func refresh(force: Bool) -> Bool {
        guard force else {
            if let until = highlightUntil, env.clock.now() >= until {
                highlightUntil = nil
                highlightAfterID = .max
                return true
            }
            return false
        }
        noticeNewAlerts()
        refreshBadge()
        incidentMarksFor = nil
        switch view {
        case .queue: reload()
        case let .detail(id): loadDetail(id)
        }
        return true
    }

    /// Highlights new critical alerts (and rings the bell when it is on) when the newest
    /// alert id grew since the last look.
    func noticeNewAlerts() {
        guard let latest = try? env.store.latestAlertID() else { return }
        defer { latestID = latest }
        guard let previous = latestID, latest > previous else { return }
        var newest = AlertQuery()
        newest.severities = [.critical]
        newest.states = [.open]
        newest.sort = .age
        guard let rows = try? env.store.alertWindow(newest, offset: 0, limit: 5, as: env.actor),
              rows.contains(where: { $0.id > previous && !$0.isSilenced }) else { return }
        // Alerts still highlighted from an earlier arrival stay highlighted.
        highlightAfterID = highlightUntil == nil ? previous : min(highlightAfterID, previous)
        highlightUntil = env.clock.now().addingTimeInterval(Self.highlightSeconds)
        if bellEnabled { ringBell() }
    }

    /// Whether `alert` is a critical one that arrived in the last few seconds.
    func isHighlighted(_ alert: AlertRecord) -> Bool {
        highlightUntil != nil && alert.id > highlightAfterID && alert.severity == .critical
    }

    // MARK: - Queue

    /// Re-counts the rows and reloads the visible window (or the groups) in one snapshot.
    func reload(resetSelection: Bool = false) {
        reloadPending()
        if grouped { return reloadGroups(resetSelection: resetSelection) }
        let rows = queue.pageRows
        let visible = resetSelection ? 0..<0 : queue.table.visibleRange(visibleRows: rows)
        let span = RowWindow<AlertRecord>.span(for: visible.isEmpty ? 0..<rows : visible, margin: rows)
        let query = self.query
        if resetSelection { countLimit = AppDatabase.alertCountLimit }
        let countLimit = self.countLimit
        guard let page = env.attempt({ () throws(OpsError) in
            try env.store.alertQueuePage(query, offset: span.offset, limit: span.limit, countLimit: countLimit, as: env.actor)
        }) else { return }
        countExact = page.exact
        // The page clamps an offset past the end to the last row.
        let start = min(span.offset, max(page.total - 1, 0))
        queue.setPage(total: page.total, start: start, rows: page.rows, resetSelection: resetSelection)
        loadVisibleRows()
    }

    /// A new order of the same rows: the count stands (it was most of a sort change's
    /// time on a million alerts), so only the first window is read.
    func resort() {
        if grouped { return reload(resetSelection: true) }
        queue.rewind()
        loadVisibleRows()
    }

    /// Reads the rows on screen when the loaded window lacks them.
    func loadVisibleRows() {
        env.attempt { () throws(OpsError) in try queue.loadVisible(from: queueSource) }
        loadIncidentMarks()
    }

    /// Which loaded alerts belong to an incident. Silent without incidents.read: the marks
    /// are a hint, and the alert queue does not need that permission.
    func loadIncidentMarks() {
        var ids = queue.window.rows.map(\.id) + groupRows.compactMap { if case let .alert(a) = $0 { a.id } else { nil } }
        if let shown = detail?.alert.id { ids.append(shown) }
        guard ids != incidentMarksFor else { return }
        incidentMarksFor = ids
        incidentOf = (try? env.store.incidentsLinked(alerts: ids, as: env.actor)) ?? [:]
    }

    /// The queue's rows under the current query (the count comes with the first page).
    var queueSource: PageSource<AlertRecord> {
        let store = env.store, actor = env.actor, query = self.query, total = queue.rowCount
        return PageSource(count: { () throws(OpsError) in total },
                          load: { offset, limit throws(OpsError) in try store.alertWindow(query, offset: offset, limit: limit, as: actor) })
    }

    // MARK: - Groups

    func reloadGroups(resetSelection: Bool) {
        let query = self.query
        guard let loaded = env.attempt({ () throws(OpsError) in try env.store.alertGroups(query, as: env.actor) }) else { return }
        groups = loaded
        let keys = Set(loaded.map(\.key))
        expanded.formIntersection(keys)
        members = [:]
        for key in expanded { loadMembers(key) }
        rebuildGroupRows()
        queue.setPage(total: groupRows.count, start: 0, rows: [], resetSelection: resetSelection)
    }

    func loadMembers(_ key: String) {
        var q = query
        q.groupKey = key
        if let page = env.attempt({ () throws(OpsError) in try env.store.alertQueuePage(q, offset: 0, limit: Self.groupMemberLimit, as: env.actor) }) {
            members[key] = (page.total, page.rows)
        }
    }

    func rebuildGroupRows() {
        var rows: [Row] = []
        for g in groups {
            let open = expanded.contains(g.key)
            rows.append(.group(g, expanded: open))
            guard open, let m = members[g.key] else { continue }
            rows += m.rows.map(Row.alert)
            if m.total > m.rows.count { rows.append(.more(key: g.key, hidden: m.total - m.rows.count)) }
        }
        groupRows = rows
        loadIncidentMarks()
    }

    /// Expands or collapses a group (nil toggles); the cursor stays on the group row.
    func toggleGroup(_ key: String, expand: Bool?) {
        let open = expand ?? !expanded.contains(key)
        if open {
            expanded.insert(key)
            loadMembers(key)
        } else {
            expanded.remove(key)
            members[key] = nil
        }
        let selected = queue.selectedIndex
        rebuildGroupRows()
        queue.setPage(total: groupRows.count, start: 0, rows: [], resetSelection: false)
        queue.select(selected)
    }

    /// Ids of a group's alerts under the current filters (at most 1,000: one bulk action).
    func groupMemberIDs(_ key: String) -> [Int64] {
        var q = query
        q.groupKey = key
        return env.attempt({ () throws(OpsError) in try env.store.alertWindow(q, offset: 0, limit: 1_000, as: env.actor) })?.map(\.id) ?? []
    }

    // MARK: - Detail

    func openDetail(_ id: Int64) {
        view = .detail(id)
        detailView.reset()
        loadDetail(id)
    }

    func loadDetail(_ id: Int64) {
        guard let loaded = env.attempt({ () throws(OpsError) in try env.store.alertDetail(id: id, as: env.actor) }) else {
            view = .queue
            detail = nil
            reload()
            return
        }
        detail = loaded
        loadIncidentMarks()
    }
}
