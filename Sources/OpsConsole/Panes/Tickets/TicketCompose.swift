import Foundation
import OpsCore
import OpsStore
import TermUI

/// Replies and notes written at length: in `$VISUAL`/`$EDITOR` when one is set (the
/// screen suspends and comes back, as with `git commit`), else in the prompt's text area.
/// A reply is always shown whole for a y/n before it goes out; an empty text sends nothing.
extension TicketsPane {
    /// Who a reply goes to, as the confirmation names them: "Dana Ruiz <dana@acme.example>".
    static func recipient(_ d: TicketDetail) -> String {
        guard let email = d.ticket.contactEmail else { return "\(d.customer.name) (no contact on the ticket)" }
        return d.customer.contact(email: email).map { "\($0.name) <\(email)>" } ?? "<\(email)>"
    }

    /// The editor's file for a reply: the facts and the customer's last message as comments.
    static func replyTemplate(_ d: TicketDetail, at: (Date) -> String) -> String {
        var lines = [
            "Reply to the customer on \(d.ticket.number): \(d.ticket.title)",
            "To: \(recipient(d)), \(d.customer.name) (\(d.customer.id))",
            "Subject: [\(d.ticket.number)] \(d.ticket.title)",
            "",
            "Lines starting with '#' are removed. Save an empty message to cancel;",
            "otherwise the reply is shown for confirmation before it is sent.",
        ]
        if let last = d.entries.last(where: { $0.kind == .messageIn }) {
            let from = last.author.hasPrefix("customer:") ? String(last.author.dropFirst("customer:".count)) : last.author
            lines += ["", "Their last message (\(at(last.at)), \(from)):"] + EditorCompose.quoted(last.body)
        } else {
            lines += ["", "The customer has not written on this ticket yet."]
        }
        return "\n\n" + EditorCompose.comments(lines) + "\n"
    }

    /// The editor's file for an internal note.
    static func noteTemplate(_ d: TicketDetail) -> String {
        let lines = [
            "Internal note on \(d.ticket.number): \(d.ticket.title)",
            "Staff only: the customer never sees it.",
            "Lines starting with '#' are removed. Save an empty note to cancel.",
        ]
        return "\n\n" + EditorCompose.comments(lines) + "\n"
    }

    /// Starts a reply or note on `number`: the editor when one is set, else the text area.
    func compose(_ kind: TicketPrompt.Kind, on number: TicketNumber) {
        guard let d = reading?.ticket.number == number ? reading : env.attempt({ () throws(OpsError) in try env.store.ticket(number, as: env.actor) })
        else { return }
        let recipient = Self.recipient(d)
        guard let editor = env.editor else {
            var next = TicketPrompt(kind, ticket: number)
            next.recipient = recipient
            prompt = next
            return
        }
        let template = kind == .reply ? Self.replyTemplate(d, at: env.shortDate) : Self.noteTemplate(d)
        let what = kind == .reply ? "Reply" : "Note"
        EditorCompose.edit(template, name: number.description, editor: editor, env: env) { [weak self] outcome in
            guard let self else { return }
            switch outcome {
            case let .text(body):
                if kind == .reply {
                    var confirm = TicketPrompt(.confirmReply(body), ticket: number, text: body)
                    confirm.recipient = recipient
                    self.prompt = confirm
                } else if self.env.attempt({ () throws(OpsError) in try self.env.store.noteTicket(number, body: body, as: self.env.actor) }) != nil {
                    self.env.status.show("Internal note added to \(number).", .success)
                }
            case .cancelled: self.env.status.show("\(what) cancelled: the message was empty, nothing was sent.", .info)
            case let .failed(reason): self.env.status.show(reason, .error, seconds: 10)
            }
            _ = self.refresh(force: true)
        }
    }
}
