import Foundation
import OpsCore

/// What one webhook POST came to.
public enum WebhookOutcome: Sendable, Equatable {
    /// A 2xx answer, with its status.
    case delivered(status: Int)
    /// Any other answer ("HTTP 500") or no answer ("connection refused"): retried with
    /// the outbox's backoff.
    case failed(String)
}

/// Sends webhook pages. The store knows only channel names; the deliverer holds the
/// channels the operator configured (URLs with tokens) and the HTTP client, which lives
/// above the store (OpsCollector's `HTTPWebhookPoster`).
public protocol WebhookPoster: Sendable {
    /// The configured channels, by name.
    var channels: [String: WebhookChannel] { get }
    /// One POST of `body` (already in the channel's format) to the channel's URL.
    func post(_ body: Data, to channel: WebhookChannel) -> WebhookOutcome
}

extension OutboxStore {
    /// Delivers one webhook page: the history's channel text, and the failure (nil: sent).
    static func post(_ message: OutboxMessage, through poster: any WebhookPoster) -> (channel: String, failure: String?) {
        let name = WebhookChannel.channel(inEntry: message.to) ?? message.to
        guard let channel = poster.channels[name] else {
            return ("webhook \(name)", "webhook \(name) is not configured for the delivering user (~/.config/pmops/webhooks or $\(WebhookChannel.environmentName(name)))")
        }
        switch poster.post(WebhookPayload.body(message.body, format: channel.format), to: channel) {
        case let .delivered(status): return ("webhook \(name) (HTTP \(status))", nil)
        case let .failed(why): return ("webhook \(name)", why)
        }
    }
}

/// The one place that reads the operator's webhook channels: `$PMOPS_WEBHOOK_<NAME>`
/// (`URL [format=…]`) over the invoker's own `$XDG_CONFIG_HOME/pmops/webhooks` (else
/// `~/.config/pmops/webhooks`), which must be a regular file they own that nobody else
/// can write, as for the mail file. Never the store: a URL carries a token.
public enum WebhookChannelResolver {
    public static func configFilePath(environment: [String: String]) -> String? {
        MailTransportResolver.configFilePath(environment: environment).map { ($0 as NSString).deletingLastPathComponent + "/webhooks" }
    }

    /// The largest webhooks file read.
    static let maxBytes = 65_536

    /// The channels, by name. `file` overrides the path (tests).
    public static func resolve(environment: [String: String], file: String? = nil) throws(OpsError) -> [String: WebhookChannel] {
        var channels: [String: WebhookChannel] = [:]
        if let path = file ?? configFilePath(environment: environment), let text = try readOwnFile(path) {
            channels = try WebhookChannel.parseFile(text, file: path)
        }
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) where key.hasPrefix("PMOPS_WEBHOOK_") && !value.isEmpty {
            let name = String(key.dropFirst("PMOPS_WEBHOOK_".count)).lowercased().replacingOccurrences(of: "_", with: "-")
            // An existing file entry of the same name with underscores keeps its spelling.
            let existing = channels.keys.first { WebhookChannel.environmentName($0) == key }
            channels[existing ?? name] = try WebhookChannel.parse(name: existing ?? name, value: value, field: "$" + key)
        }
        return channels
    }

    static func readOwnFile(_ path: String) throws(OpsError) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        guard (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == geteuid(), info.st_mode & 0o022 == 0 else {
            throw .permissionDenied("Refused \(Printable.quote(path)): a webhooks file must be a regular file you own that nobody else can write.")
        }
        guard let data = FileManager.default.contents(atPath: path), data.count <= maxBytes,
              let text = String(data: data, encoding: .utf8) else {
            throw .failure("Cannot read \(Printable.quote(path)) (UTF-8 text of at most 64 KB).")
        }
        return text
    }
}
