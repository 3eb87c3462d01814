import Foundation
import OpsCore
import OpsStore
import TermUI

/// The ticket actions: a prompt opens, Enter makes one store call (its own transaction
/// with its audit row), a refusal stays in the prompt and goes to the status line.
extension TicketsPane {
    /// Opens the prompt of `command` for the current ticket.
    func begin(_ command: CommandID) {
        guard let ticket = current else {
            env.status.show("No ticket under the cursor.", .info)
            return
        }
        let number = ticket.number
        switch command {
        case .ticketNote: compose(.note, on: number)
        case .ticketReply: compose(.reply, on: number)
        case .ticketAssign: prompt = TicketPrompt(.assign, ticket: number, text: ticket.assignee ?? "")
        case .ticketStatus:
            let options = TicketLifecycle.allowed(from: ticket.status)
            guard !options.isEmpty else {
                env.status.show("\(number) is \(ticket.status.title): reopen it (U) before changing its status.", .warning)
                return
            }
            prompt = TicketPrompt(.status, ticket: number, version: ticket.version, options: options)
        case .ticketPriority: prompt = TicketPrompt(.priority, ticket: number, text: ticket.priority.description)
        case .ticketLink: prompt = TicketPrompt(.link, ticket: number)
        case .ticketParent: prompt = TicketPrompt(.parent, ticket: number, text: ticket.parent?.description ?? "")
        case .ticketResolve: prompt = TicketPrompt(.resolve, ticket: number)
        case .ticketCSAT: prompt = TicketPrompt(.csat, ticket: number)
        case .ticketArticle:
            guard !ticket.status.isOpen else {
                env.status.show("\(number) is \(ticket.status.title): resolve it (r) first; its resolution summary is the article's body.", .warning)
                return
            }
            prompt = TicketPrompt(.article, ticket: number, text: ticket.title)
        default: return
        }
    }

    /// A one-call action without a prompt (close, reopen).
    func act(_ done: String, _ call: (AppDatabase, TicketNumber, ActorContext) throws(OpsError) -> Ticket) {
        guard let number = current?.number else {
            env.status.show("No ticket under the cursor.", .info)
            return
        }
        guard let ticket = env.attempt({ () throws(OpsError) in try call(env.store, number, env.actor) }) else { return }
        env.status.show("\(done) \(number); it is \(ticket.status.title) now.", .success)
        _ = refresh(force: true)
    }

    // MARK: - ModalHost

    func closeModal() { prompt = nil }

    func typeInModal(_ key: Key) -> Bool {
        guard var open = prompt else { return false }
        if open.kind.isConfirm {
            // y/n are the dialog's keys; nothing to type.
            return true
        }
        if open.kind.isCompose { _ = open.area.handle(key) } else { _ = open.field.handle(key) }
        open.error = nil
        prompt = open
        return true
    }

    func submitModal() {
        guard let open = prompt else { return }
        let text = open.text
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if open.kind == .customerFilter {
            filter.customer = trimmed.isEmpty ? nil : trimmed.lowercased()
            prompt = nil
            reload(resetSelection: true)
            return
        }
        guard let number = open.ticket else { return closeModal() }
        let (store, actor) = (env.store, env.actor)
        do throws(OpsError) {
            let message: String
            switch open.kind {
            case .note:
                guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw OpsError.invalid(field: "body", message: "write the note first; an empty note is not added.")
                }
                try store.noteTicket(number, body: text, as: actor)
                message = "Internal note added to \(number)."
            case .reply:
                guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw OpsError.invalid(field: "body", message: "write the reply first; an empty message is not sent.")
                }
                var confirm = TicketPrompt(.confirmReply(text), ticket: number, text: text)
                confirm.recipient = open.recipient
                prompt = confirm
                return
            case let .confirmReply(body):
                try store.replyToTicket(number, body: body, as: actor)
                message = "Reply to \(number) queued in the outbox."
            case .assign:
                let ticket = try store.assignTicket(number, to: trimmed.isEmpty ? nil : trimmed, as: actor)
                message = ticket.assignee.map { "\(number) assigned to \($0)." } ?? "\(number) unassigned."
            case .status:
                let target = try TicketStatus.parse(trimmed)
                if target == .waitingVendor {
                    var next = TicketPrompt(.vendor, ticket: number, version: open.version)
                    next.options = open.options
                    prompt = next
                    return
                }
                let ticket = try store.setTicketStatus(number, to: target, expectedVersion: open.version, as: actor)
                message = "\(number) is \(ticket.status.title) now."
            case .vendor:
                let ticket = try store.setTicketStatus(number, to: .waitingVendor, vendor: trimmed, expectedVersion: open.version, as: actor)
                message = "\(number) is waiting on \(ticket.vendor ?? trimmed) now."
            case .priority:
                let ticket = try store.setTicketPriority(number, to: try TicketPriority.parse(trimmed), as: actor)
                message = "\(number) is \(ticket.priority) now."
            case .link:
                guard let id = Int64(trimmed.hasPrefix("#") ? String(trimmed.dropFirst()) : trimmed), id > 0 else {
                    throw OpsError.invalid(field: "alert", message: "\(Printable.excerpt(trimmed)) is not an alert number.")
                }
                try store.linkTicket(number, alert: id, as: actor)
                message = "Alert \(id) linked to \(number)."
            case .parent:
                let parent = trimmed.isEmpty ? nil : try TicketNumber.parse(trimmed, field: "parent")
                let ticket = try store.setTicketParent(number, to: parent, as: actor)
                message = ticket.parent.map { "\(number) is a child of \($0) now." } ?? "\(number) has no parent now."
            case .resolve:
                try store.resolveTicket(number, summary: trimmed.isEmpty ? nil : text, as: actor)
                message = "\(number) resolved. J turns it into a KB article."
            case .csat:
                guard let rating = Int(trimmed) else { throw OpsError.invalid(field: "csat", message: "\(Printable.excerpt(trimmed)) is not a rating from 1 to 5.") }
                try store.recordCSAT(number, rating: rating, as: actor)
                message = "\(number) rated \(rating)/5."
            case .article:
                let article = try store.addKBArticle(fromTicket: number, title: trimmed, as: actor)
                message = "KB article \(article.id) written from \(number): \(Printable.excerpt(article.title))."
            case .customerFilter:
                return
            }
            prompt = nil
            env.status.show(message, .success)
            _ = refresh(force: true)
        } catch {
            env.status.show(error)
            guard var still = prompt else { return }
            if case .confirmReply = still.kind {
                // The send failed: back to the text, with the reason.
                let recipient = still.recipient
                still = TicketPrompt(.reply, ticket: number, text: still.kind.replyBody ?? still.text)
                still.recipient = recipient
            }
            still.error = error.fieldErrors.first?.message ?? error.description
            prompt = still
        }
    }
}
