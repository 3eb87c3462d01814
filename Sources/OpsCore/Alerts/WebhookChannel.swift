import Foundation

/// A webhook paging channel: a name a routing level pages (`webhook:NAME`), and the URL
/// and body style the operator configured for it. The URL carries a token, so it comes
/// only from the operator's own config file or environment and is never stored; the
/// outbox keeps the channel's name and the page's JSON.
///
///     oncall-slack https://hooks.slack.com/services/T000/B000/XXXX format=slack
///     ops-bot      http://127.0.0.1:9099/hook format=json
public struct WebhookChannel: Sendable, Equatable {
    public enum Format: String, Sendable, Equatable, CaseIterable {
        /// The generic page object (alert id, name, severity, status, summary, …).
        case json
        /// Slack's incoming-webhook body, `{"text": …}`.
        case slack
    }

    public var name: String
    public var url: URL
    public var format: Format

    public init(name: String, url: URL, format: Format = .json) {
        self.name = name
        self.url = url
        self.format = format
    }

    /// How a routing level names a channel among its logins.
    public static let prefix = "webhook:"

    /// The channel a routing entry names (`webhook:NAME` → NAME), nil for a login.
    public static func channel(inEntry entry: String) -> String? {
        entry.hasPrefix(prefix) ? String(entry.dropFirst(prefix.count)) : nil
    }

    /// Why `name` cannot be a channel name (lowercase letters, digits, `-` and `_`, 1 to 40).
    public static func nameProblem(_ name: String) -> String? {
        let ok = !name.isEmpty && name.unicodeScalars.count <= 40
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
        return ok ? nil : "\(Printable.excerpt(name)) is not a webhook channel name (1 to 40 of a-z, 0-9, - and _)."
    }

    /// The environment variable that configures a channel: `PMOPS_WEBHOOK_ONCALL_SLACK`.
    public static func environmentName(_ name: String) -> String {
        "PMOPS_WEBHOOK_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// Parses `URL [format=json|slack]` (the value of an environment variable, or a config
    /// line after the name). Only absolute http and https URLs with a host are taken.
    public static func parse(name: String, value: String, field: String) throws(OpsError) -> WebhookChannel {
        if let problem = nameProblem(name) { throw .invalid(field: field, message: problem) }
        let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let text = words.first else {
            throw .invalid(field: field, message: "write: NAME URL [format=json|slack] (e.g. ops-bot http://127.0.0.1:9099/hook format=json).")
        }
        guard text.unicodeScalars.allSatisfy({ !Printable.isForbidden($0) }),
              let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else {
            throw .invalid(field: field, message: "webhook \(name) needs an http:// or https:// URL with a host; \(Printable.excerpt(text)) is not one.")
        }
        var format = Format.json
        for option in words.dropFirst() {
            guard option.hasPrefix("format="), let chosen = Format(rawValue: String(option.dropFirst(7))) else {
                throw .invalid(field: field, message: "webhook \(name): \(Printable.excerpt(option)) is not an option (format=json or format=slack).")
            }
            format = chosen
        }
        return WebhookChannel(name: name, url: url, format: format)
    }

    /// Parses a config file: `NAME URL [format=…]` per line, `#` comments; problems are
    /// reported all at once as "file:line".
    public static func parseFile(_ text: String, file: String) throws(OpsError) -> [String: WebhookChannel] {
        var channels: [String: WebhookChannel] = [:]
        var errors: [FieldError] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let field = "\(file):\(index + 1)"
            let name = String(line.prefix { $0 != " " && $0 != "\t" })
            let rest = String(line.dropFirst(name.count))
            do throws(OpsError) {
                let channel = try parse(name: name, value: rest, field: field)
                if channels[name] != nil { errors.append(FieldError(field: field, message: "webhook \(name) is configured twice.")); continue }
                channels[name] = channel
            } catch {
                errors += error.fieldErrors.isEmpty ? [FieldError(field: field, message: error.description)] : error.fieldErrors
            }
        }
        if !errors.isEmpty { throw .invalidFields(errors) }
        return channels
    }
}
