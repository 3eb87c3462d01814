/// The line each element of a JSON array starts on, found by a scan that follows strings
/// and nesting: Foundation's parser gives values without positions, and a refusal must
/// name the line of the person it refuses.
enum JSONElementLines {
    /// Elements of the top-level array (`key == nil`) or of the array under the top-level
    /// object's `key` (a ListResponse's `Resources`).
    static func lines(_ text: String, key: String?) -> [Int] {
        var result: [Int] = []
        var line = 1, depth = 0
        var inString = false, escaped = false
        var string = String.UnicodeScalarView()
        var lastKey: String? = nil
        var targetDepth: Int? = key == nil ? 1 : nil
        var expectElement = false
        for c in text.unicodeScalars {
            if c == "\n" { line += 1 }
            if inString {
                if escaped { escaped = false; string.append(c); continue }
                if c == "\\" { escaped = true; continue }
                if c == "\"" { inString = false; if depth == 1 { lastKey = String(string) } } else { string.append(c) }
                continue
            }
            if c == " " || c == "\n" || c == "\r" || c == "\t" { continue }
            if expectElement, depth == targetDepth, c != "]" { result.append(line); expectElement = false }
            switch c {
            case "\"": inString = true; string = String.UnicodeScalarView()
            case "[":
                depth += 1
                if depth == 1, key == nil { expectElement = true }
                if let key, depth == 2, lastKey == key, targetDepth == nil { targetDepth = 2; expectElement = true }
            case "{": depth += 1
            case "]", "}":
                if depth == targetDepth, c == "]" { targetDepth = key == nil ? 1 : -1 }
                depth -= 1
            case ",": if depth == targetDepth { expectElement = true }
            default: break
            }
        }
        return result
    }
}
