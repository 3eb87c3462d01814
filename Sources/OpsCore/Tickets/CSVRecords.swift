/// RFC 4180 records with the line each starts on, so an import error can name it.
/// Quoted fields may hold commas, doubled quotes and newlines; CRLF and LF both end a record.
struct CSVRecords {
    struct Record {
        var line: Int
        var fields: [String]
    }

    static func parse(_ text: String) throws(OpsError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var start = 1
        var chars = Array(text.unicodeScalars)[...]
        if chars.first == "\u{FEFF}" { chars = chars.dropFirst() }
        var atFieldStart = true
        var index = chars.startIndex
        while index < chars.endIndex {
            let c = chars[index]
            index += 1
            if quoted {
                if c == "\"" {
                    if index < chars.endIndex, chars[index] == "\"" { field.unicodeScalars.append("\""); index += 1 } else { quoted = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where atFieldStart:
                quoted = true
                atFieldStart = false
            case "\"":
                throw .invalid(field: "line \(line)", message: "a quote inside an unquoted field; quote the whole field and double the quote.")
            case ",":
                fields.append(field); field = ""; atFieldStart = true
            case "\r" where index < chars.endIndex && chars[index] == "\n":
                continue
            case "\n":
                fields.append(field); records.append(Record(line: start, fields: fields))
                fields = []; field = ""; atFieldStart = true
                line += 1
                start = line
            default:
                field.unicodeScalars.append(c)
                atFieldStart = false
            }
        }
        if quoted { throw .invalid(field: "line \(start)", message: "a quoted field is not closed before the end of the file.") }
        if !field.isEmpty || !fields.isEmpty { fields.append(field); records.append(Record(line: start, fields: fields)) }
        return records
    }
}
