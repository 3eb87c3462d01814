import Foundation
import OpsCore

extension CLI {
    /// Writes lines to standard output; a failed write throws one sentence (exit 1).
    static func writeLines(_ lines: [String]) throws(OpsError) {
        var text = lines.joined(separator: "\n")
        text += "\n"
        try flushStandardOutput()
        try write(Array(text.utf8), to: STDOUT_FILENO, what: "standard output")
    }
}
