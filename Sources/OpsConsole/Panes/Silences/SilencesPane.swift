import Foundation
import OpsCore
import OpsStore
import TermUI

/// Active and pending silences: what is muted, until when, by whom and why. Expire ends one
/// now; extend expires it and recreates it with the same matchers and a later end (both
/// audited by the store). Built on the kit: a paged table with a filter, a detail view and
/// a one-field prompt.
@MainActor public final class SilencesPane: Pane, ModalHost {
    let env: ConsoleEnvironment
    var list = PagedTable<Silence>()
    var all: [Silence] = []
    var filterText = ""
    /// The silence shown in the detail view, nil in the list.
    var reading: Silence?
    var detail = DetailView()
    /// The extend prompt while open.
    var extendField: TextFieldState?
    var extendError: String?
    var token: Int64 = -1

    public init(env: ConsoleEnvironment) { self.env = env }

    public var title: String { "Silences" }
    public var scopes: [CommandScope] {
        if capturesText { return [.form] }
        return reading == nil ? [.silencesList, .silences, .list] : [.silences]
    }
    public var capturesText: Bool { extendField != nil || list.isFiltering }
    public var modalIsOpen: Bool { extendField != nil }

    public func layout(area: Rect) {
        list.layout(area: area)
        detail.layout(area: area)
    }

    // MARK: - Data

    /// Rows matching the filter: by matcher text, comment or author.
    var visible: [Silence] {
        guard !filterText.isEmpty else { return all }
        let needle = filterText.lowercased()
        return all.filter { s in
            ([s.comment, s.createdBy] + s.matchers.map(\.description)).contains { $0.lowercased().contains(needle) }
        }
    }

    public func refresh(force: Bool) -> Bool {
        let current = (try? env.store.changeToken()) ?? token
        guard force || current != token else { return false }
        token = current
        guard let loaded = env.attempt({ () throws(OpsError) in try env.store.silences(as: env.actor) }) else { return true }
        // Active first (ending soonest first), then pending by start.
        let now = env.clock.now()
        all = loaded.filter { $0.expiredBy == nil }.sorted { a, b in
            let (pa, pb) = (a.startsAt > now, b.startsAt > now)
            if pa != pb { return !pa }
            return pa ? a.startsAt < b.startsAt : (a.endsAt, a.id) < (b.endsAt, b.id)
        }
        list.setRows(visible)
        if let reading { self.reading = all.first { $0.id == reading.id } }
        return true
    }

    // MARK: - Commands

    public func perform(_ command: CommandID) -> Bool {
        if modalIsOpen { return performModal(command) }
        if list.isFiltering {
            switch list.filterCommand(command) {
            case let .typed(text): filterText = text
            case .cleared: filterText = ""
            case .kept, .ignored: return true
            }
            list.setRows(visible, resetSelection: true)
            return true
        }
        switch command {
        case .open:
            reading = list.selectedRow
            detail.reset()
        case .back:
            guard reading != nil else { return false }
            reading = nil
        case .filter: list.beginFilter(filterText)
        case .silenceExpire: expire()
        case .silenceExtend:
            guard current != nil else {
                env.status.show("No silence under the cursor.", .info)
                return true
            }
            extendField = TextFieldState(text: "2h", maxLength: 12)
            extendError = nil
        default:
            return reading == nil ? list.move(command) : detail.move(command)
        }
        return true
    }

    var current: Silence? { reading ?? list.selectedRow }

    func expire() {
        guard let silence = current else {
            env.status.show("No silence under the cursor.", .info)
            return
        }
        guard let result = env.attempt({ () throws(OpsError) in try env.store.expireSilence(id: silence.id, as: env.actor) }) else { return }
        env.status.show("Expired silence \(silence.id); \(result.unmuted) alert\(result.unmuted == 1 ? "" : "s") unmuted.", .success)
        reading = nil
        _ = refresh(force: true)
    }

    public func handleText(_ key: Key) -> Bool {
        if modalIsOpen { return typeInModal(key) }
        guard let text = list.typeInFilter(key) else { return false }
        filterText = text
        list.setRows(visible, resetSelection: true)
        return true
    }

    public func handleMouse(_ event: MouseEvent) -> Bool {
        guard !modalIsOpen, reading == nil, event.button == .left else { return false }
        return list.click(atPaneRow: event.y)
    }

    // MARK: - The extend prompt (ModalHost)

    func closeModal() {
        extendField = nil
        extendError = nil
    }

    func typeInModal(_ key: Key) -> Bool {
        guard var field = extendField else { return false }
        _ = field.handle(key)
        extendField = field
        return true
    }

    func submitModal() {
        guard let field = extendField, let silence = current else { return closeModal() }
        do throws(OpsError) {
            let seconds = try DurationText.parse(field.text, field: "ends")
            let endsAt = max(silence.endsAt, env.clock.now()).addingTimeInterval(seconds)
            let fresh = try env.store.extendSilence(id: silence.id, until: endsAt, as: env.actor)
            closeModal()
            env.status.show("Silence \(silence.id) extended as silence \(fresh.id), until \(env.shortDate(endsAt)).", .success)
            reading = nil
            _ = refresh(force: true)
        } catch {
            env.status.show(error)
            extendError = error.fieldErrors.first?.message ?? error.description
            if error.fieldErrors.isEmpty { extendField = nil }
        }
    }
}
