import Foundation

extension AlertsPane {
    /// The queue with the bell as `PMOPS_ALERT_BELL` says.
    static func standard(env: ConsoleEnvironment) -> any Pane {
        let bell = ProcessInfo.processInfo.environment["PMOPS_ALERT_BELL"] == "1"
        return AlertsPane(env: env, bell: bell, ringBell: TerminalBell.ring)
    }
}

/// The terminal bell for new critical alerts: one BEL byte to the terminal, on the main
/// thread between frames (it moves no cursor, so curses' idea of the screen stays right).
@MainActor enum TerminalBell {
    static func ring() {
        guard isatty(STDOUT_FILENO) == 1 else { return }
        var bel: UInt8 = 7
        _ = write(STDOUT_FILENO, &bel, 1)
    }
}
