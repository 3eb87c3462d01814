import Foundation
import OpsCore
import OpsStore
import TermUI

/// The dialog open over the Alert queue pane.
public enum AlertsModal: Equatable {
    case none
    case prompt(AlertPrompt)
    case silence(SilenceForm)
    case ticket(TicketFromAlertForm)
    case declare(DeclareIncidentForm)

    public var isOpen: Bool { self != .none }
}

/// A one-field dialog: the optional note of an acknowledgement, a resolve or an
/// escalation (one Enter skips it), a snooze duration, a false-positive reason, an
/// assignee, a history note, or the team filter.
public struct AlertPrompt: Equatable {
    public enum Kind: Equatable, Sendable {
        case acknowledge, resolve, escalate, snooze, falsePositive, assign, note, team

        var label: String {
            switch self {
            case .acknowledge, .resolve, .escalate: "Note"
            case .snooze: "Snooze for"
            case .falsePositive: "Reason"
            case .assign: "Login"
            case .note: "Note"
            case .team: "Team"
            }
        }

        var placeholder: String {
            switch self {
            case .acknowledge: "optional, e.g. looking into it"
            case .resolve: "optional, e.g. restarted the relay"
            case .escalate: "optional, e.g. need a DBA"
            case .snooze: "30m, 2h, 1d (at most 7d)"
            case .falsePositive: "required: why this is not a real problem"
            case .assign: "login (empty unassigns)"
            case .note: "what you found or did"
            case .team: "team (empty: every team)"
            }
        }

        /// The dialog's key hint.
        var hint: String {
            switch self {
            case .acknowledge: "Enter acknowledges · Esc cancels"
            case .resolve: "Enter resolves (the note is optional) · Esc cancels"
            case .escalate: "Enter pages the next level (the note is optional) · Esc cancels"
            case .snooze: "Enter snoozes · Esc cancels"
            case .falsePositive: "Enter closes as false positive · Esc cancels"
            case .assign: "Enter assigns · Esc cancels"
            case .note: "Enter adds the note · Esc cancels"
            case .team: "Enter filters · Esc cancels"
            }
        }
    }

    public var kind: Kind
    public var field: TextFieldState
    /// The alerts acted on (empty for the team filter).
    public var ids: [Int64]
    /// The refusal of the last attempt, shown in the dialog.
    public var error: String?

    init(kind: Kind, ids: [Int64], text: String = "") {
        self.kind = kind
        self.ids = ids
        field = TextFieldState(text: text, maxLength: kind == .team || kind == .assign ? 40 : 500)
    }

    var title: String {
        let what = ids.count == 1 ? "alert \(ids[0])" : "\(ids.count) alerts"
        switch kind {
        case .acknowledge: return "Acknowledge \(what)"
        case .resolve: return "Resolve \(what)"
        case .escalate: return "Escalate \(what)"
        case .snooze: return "Snooze \(what)"
        case .falsePositive: return "Close \(what) as false positive"
        case .assign: return "Assign \(what)"
        case .note: return "Note on \(what)"
        case .team: return "Filter by team"
        }
    }
}

/// The silence dialog: matchers prefilled from the alert's labels (alertname, service,
/// instance), each on its own editable line, then a duration and a required comment. A
/// preview line says what the matchers select now, so a silence muting nothing is seen
/// before it is saved; saving one needs a second Enter.
public struct SilenceForm: Equatable {
    /// What the matchers as typed select now.
    public enum Preview: Equatable {
        case unknown
        /// The matchers do not parse (or select nothing by themselves): the sentence.
        case invalid(String)
        /// Open alerts matched now, with the first few named.
        case matches(count: Int, sample: [String])
    }

    public var form: FormState
    public var alertID: Int64
    public var error: String?
    public var preview: Preview = .unknown
    /// Set by an Enter on a silence that matches nothing; the next Enter saves it.
    public var confirmEmpty = false
    /// Fields before the duration are matchers.
    let matcherCount: Int

    static let matcherLabels = ["alertname", "service", "instance"]

    init(alert: AlertRecord) {
        alertID = alert.id
        var fields: [FormField] = []
        for name in Self.matcherLabels {
            let value = name == "alertname" ? (alert.labels[name] ?? alert.rule) : alert.labels[name]
            guard let value, !value.isEmpty else { continue }
            fields.append(FormField(label: "Matcher", text: LabelMatcher.quoted(name: name, value: value), maxLength: 1_100))
        }
        fields.append(FormField(label: "Matcher", maxLength: 1_100, placeholder: "more: name=\"value\", name=~\"regex\""))
        matcherCount = fields.count
        fields.append(FormField(label: "Duration", text: "2h", maxLength: 12, placeholder: "30m, 2h, 1d (at most 90d)"))
        fields.append(FormField(label: "Comment", maxLength: 500, placeholder: "required: why, for the next on-call"))
        form = FormState(fields: fields)
    }

    /// Every non-empty matcher line, joined for `LabelMatcher.parseList`.
    var matcherText: String {
        form.fields.prefix(matcherCount).map { $0.text.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: ", ")
    }
    var duration: String { form.fields[matcherCount].text }
    /// True when the last preview found no alert: saving asks for a second Enter.
    var matchesNothing: Bool { if case .matches(0, _) = preview { true } else { false } }

    /// The preview line: "Matches 3 alerts now: A, B, C …".
    var previewText: String {
        switch preview {
        case .unknown: return ""
        case let .invalid(sentence): return "Matchers: " + sentence
        case .matches(0, _): return "Matches no alert now."
        case let .matches(count, sample):
            let more = count > sample.count ? ", …" : ""
            return "Matches \(count) alert\(count == 1 ? "" : "s") now: " + sample.joined(separator: ", ") + more
        }
    }
    var comment: String { form.fields[matcherCount + 1].text }

    /// Puts a field error under its field, anything else on the dialog's last line.
    mutating func show(_ error: OpsError) {
        let matchers = matcherCount
        self.error = form.show(error) { field in
            switch field {
            case "matcher", "matchers": matchers - 1
            case "ends", "duration": matchers
            case "comment": matchers + 1
            default: nil
            }
        }
    }
}

extension LabelMatcher {
    /// `name="value"` with quotes and backslashes escaped, as `parseList` reads it back.
    static func quoted(name: String, value: String) -> String {
        "\(name)=\"\(value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\""
    }
}
