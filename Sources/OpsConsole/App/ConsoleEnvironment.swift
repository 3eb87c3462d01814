import Foundation
import OpsCore
import OpsStore
import TermUI

/// Everything a pane needs from outside: the store, who is acting, time, options.
/// Panes get it injected, so tests run them on an in-memory store with a manual clock.
@MainActor public final class ConsoleEnvironment {
    public let store: AppDatabase
    public let actor: ActorContext
    public let clock: any OpsCore.Clock
    public let readOnly: Bool
    public var theme: Theme
    public let commands: CommandTable
    /// Time zone used for on-screen times (UTC in tests and goldens).
    public let timeZone: TimeZone
    /// Timed status-line messages.
    public let status: StatusCenter
    /// Whether a copy may use OSC 52 (`PMOPS_OSC52=1`): terminals that do not know it ignore
    /// it silently, and some let it only after a setting, so the console cannot tell it
    /// worked; the text is always also shown whole on one line to select by hand.
    public var clipboardAllowed = false
    /// A URL or text a pane asked to show whole and copy; the shell takes it after the key.
    public internal(set) var copyRequest: String?
    /// The editor a reply or note is written in: `$VISUAL`, else `$EDITOR`, read from the
    /// process environment only (never from the store, which other people write). Nil:
    /// panes compose in a text area instead.
    public var editor: String?
    /// The environment passed to the editor (`NAME=value`).
    public var editorEnvironment: [String] = []
    /// A program a pane asked to run in the foreground and what to do when it ends; the
    /// shell hands it to the run loop after the key.
    var foregroundRequest: (program: ForegroundProgram, then: @MainActor (Int32) -> Void)?
    /// Built once: making a Calendar costs more than a whole table row's drawing.
    private let calendar: Calendar

    public init(store: AppDatabase, actor: ActorContext, clock: any OpsCore.Clock = SystemClock(), readOnly: Bool = false,
                theme: Theme = .default, commands: CommandTable = CommandTable(), timeZone: TimeZone = .current) {
        self.store = store
        self.actor = actor
        self.clock = clock
        self.readOnly = readOnly
        self.theme = theme
        self.commands = commands
        self.timeZone = timeZone
        self.status = StatusCenter(clock: clock)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// Shows `text` whole on its own line and, when allowed, copies it (OSC 52). Controls
    /// and invisible characters are made visible first, so nothing untrusted reaches the
    /// terminal as an escape sequence.
    public func copyWhole(_ text: String) { copyRequest = Sanitizer.sanitize(text) }

    /// Asks the run loop to suspend the screen, run `program` and call `then` with its
    /// exit status once the screen is back.
    public func runInForeground(_ program: ForegroundProgram, then: @escaping @MainActor (Int32) -> Void) {
        foregroundRequest = (program, then)
    }

    /// "HH:MM:SS" (or "HH:MM") in the console's time zone.
    public func clockText(_ date: Date, seconds: Bool = true) -> String {
        let c = calendar.dateComponents([.hour, .minute, .second], from: date)
        return seconds
            ? String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
            : String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }

    /// "Tue 09:00" in the console's time zone.
    public func weekdayTime(_ date: Date) -> String {
        let c = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        return String(format: "%@ %02d:%02d", names[((c.weekday ?? 1) - 1 + 7) % 7], c.hour ?? 0, c.minute ?? 0)
    }

    /// "2026-11-27 15:40" in the console's time zone, from a stored timestamp.
    public func shortDate(_ stored: String) -> String {
        guard let date = Timestamp.parse(stored) else { return stored }
        return shortDate(date)
    }

    public func shortDate(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}

/// A status-line message that disappears after a few seconds.
public struct StatusMessage: Equatable, Sendable {
    public enum Kind: Sendable { case info, success, warning, error }
    public var text: String
    public var kind: Kind
    public var expires: Date
}

/// Holds the current timed message; errors never exit the console, they land here.
@MainActor public final class StatusCenter {
    private let clock: any OpsCore.Clock
    public private(set) var message: StatusMessage?

    /// A lasting condition outside the console (the collector running without its
    /// configured rules file), asked on every refresh; nil when there is none.
    public var standingSource: @Sendable () -> String? = { nil }
    public private(set) var standing: String?

    init(clock: any OpsCore.Clock) { self.clock = clock }

    /// What the status line shows: the timed message, else the standing notice.
    public var shown: StatusMessage? {
        message ?? standing.map { StatusMessage(text: $0, kind: .warning, expires: .distantFuture) }
    }

    /// Reads the standing notice again; true when it changed.
    public func pollStanding() -> Bool {
        let now = standingSource()
        guard now != standing else { return false }
        standing = now
        return true
    }

    public func show(_ text: String, _ kind: StatusMessage.Kind = .info, seconds: TimeInterval = 6) {
        message = StatusMessage(text: text, kind: kind, expires: clock.now().addingTimeInterval(seconds))
    }

    public func show(_ error: OpsError) { show(error.description.replacingOccurrences(of: "\n", with: " "), .error, seconds: 10) }

    /// Drops an expired message; true when the status line changed.
    public func expire() -> Bool {
        guard let m = message, m.expires <= clock.now() else { return false }
        message = nil
        return true
    }
}
