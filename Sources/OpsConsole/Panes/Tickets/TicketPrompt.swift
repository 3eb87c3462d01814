import OpsCore
import TermUI

/// The one-field dialog open over the Tickets pane: what an action asks before its one
/// store call. A reply is typed, then shown whole for a y/n before it goes out; choosing
/// waiting on vendor asks which vendor next.
struct TicketPrompt: Equatable {
    enum Kind: Equatable {
        case note, reply, assign, status, priority, link, parent, resolve, csat, customerFilter, article
        /// The typed reply, waiting for y.
        case confirmReply(String)
        /// Waiting on vendor chosen: the vendor's name next.
        case vendor
    }

    var kind: Kind
    var ticket: TicketNumber?
    /// The version the change was decided on: a status change made meanwhile by someone
    /// else is refused with the store's "changed by X at T".
    var version: Int?
    var field: TextFieldState
    var error: String?
    /// The moves `status` may choose from (shown in the dialog).
    var options: [TicketStatus] = []
    /// A note or reply typed in the console (no editor set): several lines.
    var area = TextAreaState()
    /// Whom a reply goes to, "Name <email>", named by the confirmation.
    var recipient: String?

    init(_ kind: Kind, ticket: TicketNumber?, version: Int? = nil, text: String = "", options: [TicketStatus] = []) {
        self.kind = kind
        self.ticket = ticket
        self.version = version
        self.options = options
        let long: Bool = switch kind {
        case .note, .reply, .resolve: true
        default: false
        }
        field = TextFieldState(text: text, maxLength: long ? 4_000 : kind == .article ? 200 : 80)
        if kind.isCompose { area = TextAreaState(text: text, maxLength: 100_000) }
    }

    /// The text the action sends: the area's for a note or reply, else the field's.
    var text: String { kind.isCompose ? area.text : field.text }

    var title: String {
        let what = ticket?.description ?? ""
        switch kind {
        case .note: return "Internal note on \(what)"
        case .reply: return "Reply to the customer on \(what)"
        case .confirmReply: return "Send reply to \(recipient ?? "the customer's contact")?"
        case .assign: return "Assign \(what)"
        case .status: return "Change the status of \(what)"
        case .vendor: return "\(what) waits on which vendor?"
        case .priority: return "Priority of \(what)"
        case .link: return "Link an alert to \(what)"
        case .parent: return "Parent ticket of \(what)"
        case .resolve: return "Resolve \(what)"
        case .csat: return "Customer rating of \(what)"
        case .customerFilter: return "Filter by customer"
        case .article: return "KB article from \(what)"
        }
    }

    var label: String {
        switch kind {
        case .note: "Note"
        case .reply, .confirmReply: "Message"
        case .assign: "Login"
        case .status: "Status"
        case .vendor: "Vendor"
        case .priority: "Priority"
        case .link: "Alert id"
        case .parent: "Parent"
        case .resolve: "Summary"
        case .csat: "Rating"
        case .customerFilter: "Customer"
        case .article: "Title"
        }
    }

    var placeholder: String {
        switch kind {
        case .note: "internal: what you found or did (the customer never sees it)"
        case .reply, .confirmReply: "what the customer reads"
        case .assign: "login (empty unassigns)"
        case .status: options.map(\.rawValue).joined(separator: ", ")
        case .vendor: "required, e.g. Gmail Postmaster, Stripe"
        case .priority: "P1, P2, P3 or P4"
        case .link: "the alert's number, e.g. 12"
        case .parent: "the outage's main ticket, e.g. ESC-1042 (empty clears it)"
        case .resolve: "required: what fixed it, for the customer and the next agent"
        case .csat: "1 (bad) to 5 (great)"
        case .customerFilter: "customer id, e.g. acme (empty: every customer)"
        case .article: "the article's title (its body is the problem and the resolution)"
        }
    }

    var hint: String {
        switch kind {
        case .note: "Ctrl-D adds the internal note · Enter new line · Esc cancels"
        case .reply: "Ctrl-D shows the reply before sending · Enter new line · Esc cancels"
        case .confirmReply: "y sends it through the outbox · n or Esc goes back to editing"
        case .assign: "Enter assigns · Esc cancels"
        case .status: "Moves: " + options.map(\.title).joined(separator: ", ") + " · Enter changes · Esc cancels"
        case .vendor: "Enter sets waiting on vendor · Esc cancels"
        case .priority: "Enter changes the priority · Esc cancels"
        case .link: "Enter links the alert · Esc cancels"
        case .parent: "Enter sets the parent · Esc cancels"
        case .resolve: "Enter resolves (a summary is required) · Esc cancels"
        case .csat: "Enter records the rating · Esc cancels"
        case .customerFilter: "Enter filters · Esc cancels"
        case .article: "Enter writes the article, linked to the ticket · Esc cancels"
        }
    }
}

extension TicketPrompt.Kind {
    /// The y/n stage: keys are the dialog's, not typing.
    var isConfirm: Bool { if case .confirmReply = self { true } else { false } }
    /// Written in the multi-line area (Enter breaks the line, Ctrl-D finishes).
    var isCompose: Bool { self == .note || self == .reply }
    /// The exact text a confirmation would send (the field shows it sanitised).
    var replyBody: String? { if case let .confirmReply(body) = self { body } else { nil } }
}
