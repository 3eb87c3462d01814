/// Checks on the human sentences errors print.
public enum Sentences {
    /// How many sentences `text` holds: a sentence ends at '.', '!' or '?' followed by the
    /// end of the text or by a space and an upper-case letter ("e.g. maildir" is one).
    public static func count(_ text: String) -> Int {
        let chars = Array(text.trimmingCharacters(in: .whitespaces))
        var count = 0
        for (i, c) in chars.enumerated() where ".!?".contains(c) {
            if i == chars.count - 1 {
                count += 1
            } else if chars[i + 1] == " ", i + 2 < chars.count, chars[i + 2].isUppercase {
                count += 1
            }
        }
        return count
    }

    /// One line, one sentence, ending with a full stop.
    public static func isOneSentence(_ text: String) -> Bool {
        !text.contains("\n") && text.hasSuffix(".") && count(text) == 1
    }
}

import Foundation
