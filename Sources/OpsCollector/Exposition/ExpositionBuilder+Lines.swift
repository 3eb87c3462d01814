import Foundation

/// The grammar of one line: `# HELP`/`# TYPE`/`# UNIT`/`# EOF` comments and sample lines
/// `name{label="value",…} value [timestamp] [# {exemplar} value [timestamp]]`.
extension ExpositionBuilder {
    /// Parses one line (without its newline); a failure is recorded and the line skipped.
    mutating func parseLine(from start: Int, to end: Int, line: Int) {
        var cursor = ByteCursor(bytes, from: start, to: end)
        cursor.skipBlanks()
        guard let first = cursor.peek else { return }
        do {
            if first == .hash {
                try parseComment(&cursor, line: line)
            } else {
                try parseSample(&cursor)
            }
        } catch {
            record(error, line: line)
        }
    }

    // MARK: - Comments

    private mutating func parseComment(_ cursor: inout ByteCursor, line: Int) throws(LineFailure) {
        _ = cursor.consume(.hash)
        let spaced = cursor.skipBlanks()
        let keyword = spaced ? cursor.token().map(cursor.string) ?? "" : ""
        switch keyword {
        case "HELP":
            let name = try familyName(&cursor, keyword: keyword)
            cursor.skipBlanks()
            try setHelp(cursor.restUnescaped(quotes: format == .openMetrics), of: name)
        case "TYPE":
            let name = try familyName(&cursor, keyword: keyword)
            cursor.skipBlanks()
            guard let word = cursor.token().map(cursor.string) else { throw LineFailure("TYPE line for \(name) has no type") }
            guard let type = MetricType(exposition: word) else { throw LineFailure("unknown metric type \"\(word)\" for \(name)") }
            try expectEnd(&cursor, after: "the TYPE line")
            try setType(type, of: name)
        case "UNIT" where format == .openMetrics:
            let name = try familyName(&cursor, keyword: keyword)
            cursor.skipBlanks()
            let unit = cursor.token().map(cursor.string) ?? ""
            try expectEnd(&cursor, after: "the UNIT line")
            if !unit.isEmpty, !name.hasSuffix("_" + unit) {
                throw LineFailure("unit \"\(unit)\" is not the suffix of \(name)")
            }
            try setUnit(unit, of: name)
        case "EOF" where format == .openMetrics:
            try expectEnd(&cursor, after: "# EOF")
            eofLine = line
        default:
            // The text format allows free comments; OpenMetrics allows only the four kinds.
            if format == .openMetrics {
                throw LineFailure("OpenMetrics allows only HELP, TYPE, UNIT and EOF comments")
            }
        }
    }

    private func familyName(_ cursor: inout ByteCursor, keyword: String) throws(LineFailure) -> String {
        cursor.skipBlanks()
        guard let range = cursor.metricNameRange(), cursor.atEnd || cursor.peek == .space || cursor.peek == .tab else {
            throw LineFailure("\(keyword) line without a valid metric name")
        }
        return cursor.string(range)
    }

    private func expectEnd(_ cursor: inout ByteCursor, after what: String) throws(LineFailure) {
        cursor.skipBlanks()
        if !cursor.atEnd { throw LineFailure("unexpected text after \(what)") }
    }

    // MARK: - Samples

    private mutating func parseSample(_ cursor: inout ByteCursor) throws(LineFailure) {
        if cursor.peek == .openBrace {
            throw LineFailure("a sample must start with a metric name (quoted names are not supported)")
        }
        guard let nameRange = cursor.metricNameRange() else {
            throw LineFailure("a sample must start with a metric name")
        }
        let name = sampleName(nameRange)
        var spaced = cursor.skipBlanks()
        var labels: [String: String] = [:]
        if cursor.consume(.openBrace) {
            labels = try labelSet(&cursor, of: name)
            spaced = cursor.skipBlanks()
        }
        guard spaced else {
            throw LineFailure(cursor.atEnd ? "sample \(name) has no value" : "expected a space before the value of \(name)")
        }
        guard let valueRange = cursor.token() else { throw LineFailure("sample \(name) has no value") }
        guard let value = ExpositionNumber.value(cursor.slice(valueRange)) else {
            throw LineFailure("invalid value \"\(cursor.string(valueRange))\" for \(name)")
        }
        cursor.skipBlanks()
        var timestamp: Date?
        if let next = cursor.peek, next != .hash, let range = cursor.token() {
            let token = cursor.slice(range)
            timestamp = format == .text ? ExpositionNumber.milliseconds(token) : ExpositionNumber.seconds(token)
            guard timestamp != nil else {
                throw LineFailure("invalid timestamp \"\(cursor.string(range))\" for \(name)")
            }
            cursor.skipBlanks()
        }
        if cursor.consume(.hash) {
            try skipExemplar(&cursor, of: name)
        }
        if !cursor.atEnd { throw LineFailure("unexpected text after the value of \(name)") }
        try add(name: name, labels: labels, value: value, timestamp: timestamp)
    }

    /// Reads `label="value",…}` after the opening brace; a trailing comma is allowed.
    private func labelSet(_ cursor: inout ByteCursor, of name: String) throws(LineFailure) -> [String: String] {
        var labels: [String: String] = [:]
        while true {
            cursor.skipBlanks()
            if cursor.consume(.closeBrace) { return labels }
            guard let label = cursor.labelName() else {
                throw LineFailure(cursor.atEnd ? "unclosed label set in \(name)" : "invalid label name in \(name)")
            }
            cursor.skipBlanks()
            guard cursor.consume(.equals) else { throw LineFailure("expected = after label \(label) in \(name)") }
            cursor.skipBlanks()
            guard cursor.consume(.quote) else { throw LineFailure("expected a quoted value for label \(label) in \(name)") }
            guard let value = cursor.quotedValue() else {
                throw LineFailure("unterminated value of label \(label) in \(name)")
            }
            // Stored text cannot hold a NUL (`Printable.refuseNUL`); the line is dropped as bad.
            if value.utf8.contains(0) { throw LineFailure("a NUL character in the value of label \(label) in \(name)") }
            if labels.updateValue(value, forKey: label) != nil {
                throw LineFailure("duplicate label \(label) in \(name)")
            }
            cursor.skipBlanks()
            if cursor.consume(.comma) { continue }
            if cursor.consume(.closeBrace) { return labels }
            throw LineFailure("expected , or } after label \(label) in \(name)")
        }
    }

    /// Checks and drops an exemplar (` # {trace_id="…"} 0.5 1700000000.1`): the collector
    /// has no use for trace links, but a malformed one still marks the line as bad.
    private func skipExemplar(_ cursor: inout ByteCursor, of name: String) throws(LineFailure) {
        cursor.skipBlanks()
        guard cursor.consume(.openBrace) else { throw LineFailure("malformed exemplar after \(name)") }
        _ = try labelSet(&cursor, of: name + " exemplar")
        cursor.skipBlanks()
        guard let valueRange = cursor.token(), ExpositionNumber.value(cursor.slice(valueRange)) != nil else {
            throw LineFailure("exemplar of \(name) has no valid value")
        }
        cursor.skipBlanks()
        if let range = cursor.token(), ExpositionNumber.seconds(cursor.slice(range)) == nil {
            throw LineFailure("exemplar of \(name) has an invalid timestamp")
        }
        cursor.skipBlanks()
    }
}
