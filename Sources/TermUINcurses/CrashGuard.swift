import CNcursesw

/// Restores the terminal when the process dies from a signal (a Swift trap is SIGILL or
/// SIGTRAP, a bad pointer SIGSEGV), so an SSH user is never left with a raw terminal in
/// the alternate screen, and the interactive backtracer never waits on a raw tty.
///
/// The handlers are C (in shim.h) because only a few libc calls are async-signal-safe.
/// The C state is per object file, so every call into it must stay in THIS file.
enum CrashGuard {
    /// Saves the current (shell) terminal state of `ttyDescriptor` and installs handlers
    /// for SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP and SIGQUIT that restore it,
    /// reset the signal to SIG_DFL and re-raise. Returns false when it is not a terminal.
    @discardableResult
    static func arm(ttyDescriptor: Int32, outputDescriptor: Int32) -> Bool {
        pm_crash_guard_arm(ttyDescriptor, outputDescriptor) == 0
    }

    /// Puts the terminal state saved by `arm` back (termios and file status flags). Used
    /// after endwin as a belt-and-braces step: the shell gets exactly what it had.
    static func restoreSavedTerminalState() {
        pm_crash_guard_restore_saved_termios()
    }

    /// Reinstates the handlers that were there before `arm` (e.g. Swift's backtracer).
    static func disarm() {
        pm_crash_guard_disarm()
    }
}
