import ArgumentParser
import Foundation
import OpsCore

// Exit codes (README): 0 ok, 1 failure, 2 usage/validation, 3 not found, 4 permission denied,
// 5 conflict. ArgumentParser's own usage errors are mapped to 2.
do {
    var command = try Pmops.parseAsRoot()
    try command.run()
    // A failed flush of print()'s buffer (> /dev/full) is one sentence and exit 1.
    try CLI.flushStandardOutput()
} catch let error as OpsError {
    fflush(nil)
    CLI.printError(error.description)
    exit(error.exitCode)
} catch {
    fflush(nil)
    let code = Pmops.exitCode(for: error)
    if code == .success {
        print(Pmops.fullMessage(for: error))
        exit(0)
    }
    let message = CLI.parserMessage(Pmops.fullMessage(for: error))
    if code == .validationFailure {
        CLI.writeStderr(message + "\n")
        exit(2)
    }
    if !message.isEmpty { CLI.writeStderr(message + "\n") }
    exit(code.rawValue)
}
