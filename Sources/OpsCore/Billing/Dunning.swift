import Foundation

/// The dunning queue's rules (issue 18): which failed attempt calls for a reminder email,
/// and the reminder's text from an operator-editable template.
///
/// Stripe retries a failed invoice on its own schedule (Smart Retries or the configured
/// one) and reports it on the invoice: `attempt_count` (attempts so far) and
/// `next_payment_attempt` (the next retry, null when none is left). pmops shows that
/// schedule as Stripe reports it and sends one reminder per failed attempt: the pair
/// (invoice, attempt count) is remembered, so a re-delivered or out-of-order event never
/// mails twice, and a new failure (a higher count) mails again.
public enum Dunning {
    /// Whether an unpaid invoice calls for a reminder now, given the attempt counts already
    /// reminded for it.
    public static func reminderDue(_ invoice: BillingRules.UnpaidInvoice, reminded: Set<Int64>) -> Bool {
        invoice.remaining.minor > 0 && invoice.attempts > 0 && invoice.status == "open" && !reminded.contains(invoice.attempts)
    }

    /// The placeholders a template may use; each value is untrusted (it comes from Stripe
    /// or the directory) and is escaped by `render`.
    public static let placeholders = ["customer", "invoice", "amount", "attempts", "next_attempt", "standing"]

    public static let defaultSubject = "Payment failed for invoice {invoice} ({amount})"
    public static let defaultBody = """
        Hello {customer},

        We could not collect {amount} for invoice {invoice} (attempt {attempts}). \
        The next automatic attempt is {next_attempt}. Please update your payment method to keep your account {standing}.

        PenguinMails billing
        """

    public static let maxTemplateBytes = 4_096
    /// The most characters one substituted value may add.
    public static let maxValueCharacters = 200

    /// Checks a template: at most 4 KiB, braces only around known placeholders, and a
    /// subject on one line. nil when fine; otherwise one sentence.
    public static func problem(template: String, subject: Bool) -> String? {
        if template.isEmpty { return "the template is empty" }
        if template.utf8.count > maxTemplateBytes { return "the template is \(template.utf8.count) bytes; the limit is \(maxTemplateBytes)" }
        if subject, template.contains(where: \.isNewline) { return "a subject template must be one line" }
        var rest = Substring(template)
        while let open = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            guard rest[open] == "{", let close = rest[open...].firstIndex(of: "}") else { return "a brace is not closed or not opened" }
            let name = String(rest[rest.index(after: open)..<close])
            guard placeholders.contains(name) else {
                return "\(Printable.excerpt("{" + name + "}")) is not a placeholder (use \(placeholders.map { "{\($0)}" }.joined(separator: ", ")))"
            }
            rest = rest[rest.index(after: close)...]
        }
        return nil
    }

    /// Fills `template` in one pass: a value that itself contains `{invoice}` stays literal.
    /// Each value loses its control characters and line breaks (a subject cannot be split
    /// into extra headers, a body cannot gain forged lines) and is cut at 200 characters.
    /// Unknown or unclosed placeholders are left as written (`problem` refuses them on write).
    public static func render(_ template: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if placeholders.contains(name) {
                out += escape(values[name] ?? "")
            } else {
                out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// An untrusted value made safe for a mail line.
    public static func escape(_ value: String) -> String {
        var text = String(String.UnicodeScalarView(value.unicodeScalars.map { scalar -> Unicode.Scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: " "
            default: scalar
            }
        }))
        text = text.trimmingCharacters(in: .whitespaces)
        if text.count > maxValueCharacters { text = String(text.prefix(maxValueCharacters - 1)) + "…" }
        return text
    }

    /// The values of one reminder.
    public static func values(customer: String, invoice: BillingRules.UnpaidInvoice, standing: BillingRules.Standing) -> [String: String] {
        ["customer": customer, "invoice": invoice.id, "amount": invoice.remaining.formatted, "attempts": String(invoice.attempts),
         "next_attempt": invoice.nextAttempt.map { String(Timestamp.format(Date(timeIntervalSince1970: TimeInterval($0))).prefix(16)) + " UTC" }
            ?? "not scheduled: Stripe will not retry",
         "standing": standing == .active ? "active" : "active (it is now \(standing.rawValue))"]
    }
}
