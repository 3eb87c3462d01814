import Foundation

/// JSON for records that carry `Date`s directly (customer success, integrations): sorted,
/// pretty, dates as ISO 8601 UTC strings rather than `JSONEncoder`'s default seconds since
/// 2001, which no script reading the output would expect.
enum DatedJSON {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var bytes = Array(try encoder.encode(value))
        bytes.append(0x0A)
        try CLI.flushStandardOutput()
        try CLI.write(bytes, to: STDOUT_FILENO, what: "standard output")
    }
}
