import Foundation

/// The steps every Alertmanager document goes through before it is trusted: the byte cap,
/// the syntax pass (byte offsets, nesting cap), then `JSONDecoder` into the wire shapes,
/// with decoder errors turned into sentences naming the field (`alerts[3].labels.severity`).
/// `reader`, when given, is tried first: a direct reader that takes only valid JSON and
/// answers nil for anything it does not handle exactly as the decoder would (`WebhookReader`).
enum AlertmanagerDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, limits: AlertmanagerLimits,
                                     reader: ((Data, AlertmanagerLimits) -> T?)? = nil) throws(AlertmanagerPayloadError) -> T {
        guard data.count <= limits.maxBytes else { throw .tooLarge(limit: limits.maxBytes) }
        // The reader takes only valid JSON, so the syntax pass runs when it declines.
        if let reader, let value = reader(data, limits) { return value }
        try JSONSyntaxCheck.check(data, maxDepth: limits.maxDepth)
        let decoder = JSONDecoder()
        if let key = AlertmanagerLimits.userInfoKey { decoder.userInfo[key] = limits }
        do {
            return try decoder.decode(T.self, from: data)
        } catch let error as AlertmanagerPayloadError {
            throw error
        } catch let error as DecodingError {
            throw map(error)
        } catch {
            throw .invalid(field: "document", reason: "cannot be decoded (\(error))")
        }
    }

    static func map(_ error: DecodingError) -> AlertmanagerPayloadError {
        switch error {
        case let .typeMismatch(type, context):
            return .invalid(field: path(context.codingPath), reason: "must be \(noun(type))")
        case let .valueNotFound(type, context):
            return .invalid(field: path(context.codingPath), reason: "is null; expected \(noun(type))")
        case let .keyNotFound(key, context):
            return .missing(field: path(context.codingPath + [key]))
        case let .dataCorrupted(context):
            // The syntax pass accepted the bytes, so this is text the decoder refuses:
            // invalid UTF-8, or a number out of range.
            let detail = (context.underlyingError.map { "\($0)" } ?? context.debugDescription)
            return .invalid(field: path(context.codingPath), reason: "cannot be decoded: \(AlertmanagerText.shown(detail, limit: 120))")
        @unknown default:
            return .invalid(field: "document", reason: "cannot be decoded")
        }
    }

    /// `alerts[3].labels.severity`; "top level" for the document itself.
    static func path(_ keys: [any CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += (out.isEmpty ? "" : ".") + AlertmanagerText.shown(key.stringValue)
            }
        }
        return out.isEmpty ? "top level" : out
    }

    private static func noun(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Dictionary") || name.hasPrefix("Wire") || name == "Status" { return "a JSON object" }
        if name.hasPrefix("Array") { return "a JSON array" }
        if name.hasPrefix("String") { return "a string" }
        if name.hasPrefix("Int") { return "a whole number" }
        if name.hasPrefix("Double") { return "a number" }
        return "a \(name)"
    }
}
