import Foundation
import OpsCore

/// What the gateway did with one message.
public enum MailInOutcome: String, Codable, Sendable, CaseIterable {
    /// Added to its ticket as a customer message.
    case appended
    /// From a known contact, untagged: a new ticket in triage.
    case opened
    /// A reply to a ticket finished longer ago than the reopen window: a new ticket in
    /// triage under the old one (`ticket` is the new one).
    case followUp = "follow-up"
    /// A rating reply to a resolution mail: CSAT recorded, the message kept too.
    case rated
    /// Kept in the quarantine with the reason.
    case quarantined
    /// Its Message-ID was seen before; nothing written.
    case duplicate
}

/// One message's outcome, as `mail-in` prints it.
public struct MailInResult: Sendable, Equatable, Codable {
    public var file: String
    public var outcome: MailInOutcome
    public var ticket: TicketNumber?
    public var messageID: String
    public var from: String?
    public var reason: String?

    enum CodingKeys: String, CodingKey {
        case file, outcome, ticket, from, reason
        case messageID = "message_id"
    }
}

/// A message one file of a Maildir held. `bytes` is nil when the file was over the cap
/// and was not read; `size` is its size on disk.
public struct IncomingMail: Sendable {
    public var mailbox: String
    public var file: String
    public var bytes: Data?
    public var size: Int
    public init(mailbox: String, file: String, bytes: Data?, size: Int) {
        self.mailbox = mailbox
        self.file = file
        self.bytes = bytes
        self.size = size
    }
}

/// A quarantined message as listed (the raw bytes stay in the store).
public struct QuarantinedMail: Sendable, Equatable, Codable {
    public var id: Int64
    /// When it was quarantined (UTC timestamp).
    public var receivedAt: String
    public var mailbox: String
    public var file: String
    public var messageID: String
    public var sender: String?
    public var subject: String?
    public var reason: String
    public var size: Int
    /// False when the message was over the cap: the file in the Maildir's cur/ is the copy.
    public var rawKept: Bool

    enum CodingKeys: String, CodingKey {
        case id, mailbox, file, sender, subject, reason, size
        case receivedAt = "received_at", messageID = "message_id", rawKept = "raw_kept"
    }
}
