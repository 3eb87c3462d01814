import Foundation
import OpsCore

extension CLI {
    /// ArgumentParser's own usage errors repeat the bad value whole and raw ("The value
    /// '…' is invalid for '--limit <limit>'"). Each line is escaped (`Printable.quote`) and
    /// each single-quoted value longer than `Printable.excerptLimit` is cut as
    /// `Printable.excerpt` cuts it, so these obey the same rule as our own messages.
    static func parserMessage(_ message: String) -> String {
        message.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let parts = line.split(separator: "'", omittingEmptySubsequences: false)
            guard parts.count >= 3 else { return Printable.quote(String(line)) }
            var out = ""
            for (index, part) in parts.enumerated() {
                let text = String(part)
                let quoted = index % 2 == 1 && index < parts.count - 1
                if quoted {
                    // Our own `ValidationError`s arrive already cut (60 characters and "…").
                    out += text.unicodeScalars.count > Printable.excerptLimit + 1 ? Printable.excerpt(text) : "'\(Printable.quote(text))'"
                } else {
                    out += Printable.quote(text)
                }
            }
            // An unbalanced trailing quote stays as written.
            if parts.count % 2 == 0 { out += "'" }
            return out
        }.joined(separator: "\n")
    }
}
