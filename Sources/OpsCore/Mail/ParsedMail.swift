/// One address from a `From:` header: the decoded display name ("" when none) and the
/// address as written.
public struct MailAddress: Sendable, Equatable, Codable {
    public var name: String
    public var email: String
    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }
}

/// A part that is not the message's text: listed by name and decoded size, never kept.
public struct MailAttachment: Sendable, Equatable, Codable {
    public var name: String?
    public var contentType: String
    public var size: Int
    public init(name: String?, contentType: String, size: Int) {
        self.name = name
        self.contentType = contentType
        self.size = size
    }
}

/// What the gateway needs from a message: decoded headers, the ids that thread it, its
/// text and the names of what was attached.
public struct ParsedMail: Sendable, Equatable {
    /// Every header of the top entity, unfolded, undecoded, in order.
    public var headers: [MIMEHeader]
    public var subject: String?
    public var from: MailAddress?
    /// The `<id>` from `Message-ID`, nil when missing or empty.
    public var messageID: String?
    /// The ids named by `In-Reply-To` and `References`, in that order.
    public var inReplyTo: [String]
    public var references: [String]
    /// The first `text/plain` part that is not an attachment (depth first), decoded, LF line ends.
    public var plainText: String?
    /// The first `text/html` part that is not an attachment, decoded.
    public var htmlText: String?
    public var attachments: [MailAttachment]
    /// Entities seen, the top one included.
    public var partCount: Int

    /// The text to keep: the plain part, else a crude rendering of the HTML part, else "".
    public var text: String { plainText ?? htmlText.map(HTMLText.crude) ?? "" }

    /// The first header with this name (case-insensitive), unfolded, undecoded.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// One header line after unfolding.
public struct MIMEHeader: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The caps a message must fit; past one the message is refused with the reason.
public struct MIMELimits: Sendable, Equatable {
    public var maxBytes: Int
    public var maxDepth: Int
    public var maxParts: Int
    public init(maxBytes: Int = 10 * 1024 * 1024, maxDepth: Int = 20, maxParts: Int = 1_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxParts = maxParts
    }
    public static let standard = MIMELimits()
}

/// Why a message cannot be read; the gateway quarantines it with this sentence.
public enum MIMEError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooLarge(bytes: Int, limit: Int)
    case tooDeep(limit: Int)
    case tooManyParts(limit: Int)
    case malformed(String)

    /// A short machine-readable name for the reason.
    public var code: String {
        switch self {
        case .tooLarge: "too-large"
        case .tooDeep: "too-deep"
        case .tooManyParts: "too-many-parts"
        case .malformed: "malformed"
        }
    }

    public var description: String {
        switch self {
        case let .tooLarge(bytes, limit): "The message is \(bytes) bytes, over the \(limit)-byte cap."
        case let .tooDeep(limit): "The message nests MIME parts deeper than \(limit) levels."
        case let .tooManyParts(limit): "The message has more than \(limit) MIME parts."
        case let .malformed(reason): "The message cannot be parsed: \(reason)."
        }
    }
}
