import OpsCore
import TermUI

extension ConsoleApp {
    // MARK: - Keys

    func handleKey(_ key: Key) -> AppFlow {
        switch overlay {
        case let .help(scroll):
            switch key {
            case .escape, .char("?"), .char("q"), .function(1), .enter: overlay = .none
            case .down, .char("j"): overlay = .help(scroll: scroll + 1)
            case .up, .char("k"): overlay = .help(scroll: max(0, scroll - 1))
            case .pageDown: overlay = .help(scroll: scroll + 10)
            case .pageUp: overlay = .help(scroll: max(0, scroll - 10))
            case .ctrl("l"): return .redrawAll
            default: break
            }
            return .continue
        case var .palette(state):
            switch key {
            case .escape: overlay = .none
            case .enter:
                overlay = .none
                if let entry = state.selectedEntry(from: paletteEntries()) { return runEntry(entry) }
            case .up: state.move(by: -1); overlay = .palette(state)
            case .down, .tab: state.move(by: 1); overlay = .palette(state)
            default:
                _ = state.field.handle(key)
                state.selection = 0
                overlay = .palette(state)
            }
            return .continue
        case let .confirm(id):
            switch env.commands.resolve(key, scopes: [.dialog])?.id {
            case .confirmYes?:
                overlay = .none
                guard let command = env.commands.command(id, in: scopes) else { return .continue }
                let flow = perform(command)
                _ = refresh(force: false)
                return flow
            case .confirmNo?: overlay = .none
            default: break
            }
            return .continue
        case .copy:
            overlay = .none
            return key == .ctrl("l") ? .redrawAll : .continue
        case .none:
            break
        }
        let pane = activePane
        if pane.capturesText {
            if let command = env.commands.resolve(key, scopes: pane.scopes, readOnly: env.readOnly) {
                let flow = run(command)
                _ = refresh(force: false)
                return flow
            }
            if pane.handleText(key) { return .continue }
            if case .char = key { return .continue }
            if let command = env.commands.resolve(key, scopes: [.global], readOnly: env.readOnly) { return run(command) }
            return .continue
        }
        if let command = env.commands.resolve(key, scopes: scopes, readOnly: env.readOnly) {
            let flow = run(command)
            _ = refresh(force: false)
            return flow
        }
        if env.readOnly, let refused = env.commands.resolve(key, scopes: scopes, readOnly: false), refused.mutating {
            env.status.show("Read-only console: '\(refused.title)' is disabled (started with --readonly).", .warning)
        }
        return .continue
    }

    // MARK: - Running commands

    /// Runs a command for the active pane, after the shell's checks: read-only, the
    /// actor's permission (one status line, never a form that cannot be submitted) and,
    /// for a dangerous command whose pane does not confirm it, a y/n question.
    public func run(_ command: Command) -> AppFlow {
        if env.readOnly && command.mutating {
            env.status.show("Read-only console: '\(command.title)' is disabled.", .warning)
            return .continue
        }
        guard isAllowed(command.permission) else {
            env.status.show("\(command.title): \(denialReason(command.permission)).", .warning)
            return .continue
        }
        if command.dangerous, !command.formConfirms {
            overlay = .confirm(command.id)
            return .continue
        }
        return perform(command)
    }

    /// The pane first, then the console's own commands.
    func perform(_ command: Command) -> AppFlow {
        if activePane.perform(command.id) { return .continue }
        if let target = command.id.paneTarget {
            switchTo(target)
            return .continue
        }
        switch command.id {
        case .quit: return .quit
        case .help: overlay = .help(scroll: 0)
        case .palette: overlay = .palette(PaletteState())
        case .redraw: return .redrawAll
        case .nextPane: switchTo(index: (activeIndex + 1) % max(1, panes.count))
        case .previousPane: switchTo(index: (activeIndex + max(1, panes.count) - 1) % max(1, panes.count))
        default: break
        }
        return .continue
    }

    /// Commands that apply here, as the footer and help show them: the table's, minus
    /// read-only refusals, jumps to panes the actor is not offered, and pane cycling with
    /// a single pane.
    public func availableCommands() -> [Command] {
        env.commands.available(in: scopes, readOnly: env.readOnly).filter { c in
            if let target = c.id.paneTarget { return paneIDs.contains(target) }
            if c.id == .nextPane || c.id == .previousPane { return panes.count > 1 }
            return true
        }
    }

    // MARK: - Palette

    /// Pure movement and form keys: never worth a palette line.
    static let notInPalette: Set<CommandID> = [.moveUp, .moveDown, .pageUp, .pageDown, .first, .last, .back,
                                               .formNextField, .formPreviousField, .formToggle, .palette]

    /// What `:` lists: the active pane's commands, every other offered pane's commands
    /// (with the pane's name), the `:id` jumps, then the shell's own (Quit last, so `:`
    /// and Enter never quits). Commands the actor lacks a permission for stay listed,
    /// dimmed with the reason.
    func paletteEntries() -> [PaletteEntry] {
        var entries: [PaletteEntry] = []
        func add(_ c: Command, pane: PaneDescriptor?, label: String? = nil) {
            guard !Self.notInPalette.contains(c.id), !(env.readOnly && c.mutating) else { return }
            entries.append(PaletteEntry(command: c, label: label ?? c.title, paneID: pane?.id, paneTitle: pane?.title,
                                        denied: isAllowed(c.permission) ? nil : denialReason(c.permission)))
        }
        let offered = paneIDs.compactMap { registry.descriptor($0) }
        let active = activePaneID.flatMap { registry.descriptor($0) }
        let here = availableCommands().filter { $0.scope != .global }
        for c in here { add(c, pane: active) }
        for pane in offered where pane.id != active?.id {
            var seen = Set<CommandID>()
            for c in pane.commands where seen.insert(c.id).inserted { add(c, pane: pane) }
        }
        for pane in offered where pane.id != active?.id {
            add(env.commands.command(.showPane(pane.id)) ?? .jump(to: pane), pane: nil, label: ":" + pane.id)
        }
        let shell = availableCommands().filter { $0.scope == .global && $0.id.paneTarget == nil }
        for c in shell where c.id != .quit { add(c, pane: nil) }
        for c in shell where c.id == .quit { add(c, pane: nil) }
        return entries
    }

    /// Runs a palette line: switches to its pane first when it belongs to another one.
    func runEntry(_ entry: PaletteEntry) -> AppFlow {
        if let denied = entry.denied {
            env.status.show("\(entry.command.title): \(denied).", .warning)
            return .continue
        }
        if let paneID = entry.paneID, paneID != activePaneID {
            switchTo(paneID)
            guard activePaneID == paneID else { return .continue }
            guard activePane.scopes.contains(entry.command.scope) else {
                env.status.show("'\(entry.command.title)' works in another view of \(entry.paneTitle ?? paneID); press \(entry.command.keyLabel) there.", .info)
                return .continue
            }
        }
        let flow = run(entry.command)
        _ = refresh(force: false)
        return flow
    }
}

extension Command {
    /// The palette line `:alerts` that switches to a pane.
    static func jump(to pane: PaneDescriptor) -> Command {
        Command(.showPane(pane.id), keys: [], title: pane.title, help: "Switch to the \(pane.title) pane.", scope: .global,
                permission: pane.permission)
    }
}
