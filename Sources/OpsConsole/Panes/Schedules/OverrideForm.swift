import Foundation
import OpsCore
import TermUI

/// The override dialog: who covers whom, from and to, the times read in the schedule's
/// zone ("YYYY-MM-DD HH:MM"). Bad input is refused in place: the field says why and
/// nothing is saved. The store applies the same rules as `pmops oncall override add`
/// (permission, accounts, at most 90 days) in one transaction with its audit row.
public struct OverrideForm: Equatable {
    public var form: FormState
    public var schedule: String
    public var zoneIdentifier: String
    public var error: String?

    nonisolated static let covering = 0, covered = 1, from = 2, to = 3

    init(schedule: String, zone: ZoneClock, covering: String, covered: String, start: Date, end: Date) {
        self.schedule = schedule
        zoneIdentifier = zone.identifier
        form = FormState(fields: [
            FormField(label: "Covering", text: covering, maxLength: 64, placeholder: "login of who takes the pager"),
            FormField(label: "Covered", text: covered, maxLength: 64, placeholder: "login of who is on call then"),
            FormField(label: "From", text: ScheduleTime.field(start, zone: zone), maxLength: 16, placeholder: "YYYY-MM-DD HH:MM"),
            FormField(label: "To", text: ScheduleTime.field(end, zone: zone), maxLength: 16, placeholder: "YYYY-MM-DD HH:MM"),
        ], focus: covered.isEmpty ? Self.covered : Self.covering)
    }

    func text(_ index: Int) -> String { form.fields[index].text.trimmingCharacters(in: .whitespaces) }

    /// The override the form describes, or every field error at once.
    func values(zone: ZoneClock) throws(OpsError) -> (covering: String, covered: String, start: Date, end: Date) {
        var errors: [FieldError] = []
        func login(_ index: Int, _ field: String) -> String {
            let value = text(index)
            if value.isEmpty { errors.append(FieldError(field: field, message: "give a login.")) }
            return value
        }
        func time(_ index: Int, _ field: String) -> Date? {
            guard let date = ScheduleTime.parseField(text(index), zone: zone) else {
                errors.append(FieldError(field: field, message: "\(Printable.excerpt(text(index))) is not a time; write YYYY-MM-DD HH:MM (\(zone.identifier))."))
                return nil
            }
            return date
        }
        let covering = login(Self.covering, "covering"), covered = login(Self.covered, "covered")
        let start = time(Self.from, "start"), end = time(Self.to, "end")
        if !errors.isEmpty { throw .invalidFields(errors) }
        guard let start, let end else { throw .invalid(field: "start", message: "give both times.") }
        try OnCallPolicy.validateOverride(covering: covering, covered: covered, start: start, end: end)
        return (covering, covered, start, end)
    }

    /// Field errors under their fields, anything else on the dialog's last line.
    mutating func show(_ error: OpsError) {
        self.error = form.show(error) { field in
            switch field {
            case "covering": Self.covering
            case "covered": Self.covered
            case "start", "from": Self.from
            case "end", "to", "range": Self.to
            default: nil
            }
        }
    }
}
