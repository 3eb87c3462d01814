#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program that takes the terminal over while the console waits for it: an editor, run
/// the way `git commit` runs `$EDITOR`. The run loop leaves full-screen mode, runs it,
/// waits, and comes back with a full repaint.
public struct ForegroundProgram: Sendable, Equatable {
    /// argv; the first one is looked up on `PATH`.
    public var arguments: [String]
    /// The child's environment as `NAME=value` lines (the caller's, passed on).
    public var environment: [String]

    public init(arguments: [String], environment: [String]) {
        self.arguments = arguments
        self.environment = environment
    }

    /// An `$EDITOR`-style command line (it may carry options, "vim -u NONE") run by
    /// `/bin/sh` with `file` as its last argument, as git does.
    public static func editor(_ command: String, file: String, environment: [String]) -> ForegroundProgram {
        ForegroundProgram(arguments: ["/bin/sh", "-c", command + " \"$@\"", command, file], environment: environment)
    }

    /// Starts the program with default signal handling (the console ignores INT, TSTP…
    /// and a child would inherit that), waits for it and returns its exit status; 127
    /// when it could not be started, 128 + n when signal n ended it.
    public func run() -> Int32 {
        guard let path = arguments.first else { return 127 }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var everySignal = sigset_t(), noSignal = sigset_t()
        sigfillset(&everySignal)
        sigemptyset(&noSignal)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        posix_spawnattr_setsigmask(&attributes, &noSignal)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        guard posix_spawnp(&pid, path, nil, &attributes, argv, envp) == 0 else { return 127 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return 127 }
        }
        let signalNumber = status & 0x7f
        return signalNumber == 0 ? (status >> 8) & 0xff : 128 + signalNumber
    }
}
