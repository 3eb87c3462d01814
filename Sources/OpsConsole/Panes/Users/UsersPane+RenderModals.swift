import OpsCore
import TermUI

extension UsersPane {
    func renderModal(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        switch modal {
        case .none:
            return
        case let .message(dialog):
            dialog.render(into: &buffer, area: area, theme: theme, capabilities: capabilities)
        case let .reactivate(login):
            Dialog(title: "Reactivate \(login)?",
                   body: ["The account comes back without its old roles.", "Name and email return from the archive.", "", "y reactivates · n or Esc cancels"],
                   buttons: ["Reactivate", "Cancel"]).render(into: &buffer, area: area, theme: theme, capabilities: capabilities)
        case let .form(f):
            let rolesRows = f.isCreate ? Role.allCases.count + 1 : 0
            let height = min(area.height, f.form.fields.count * 2 + rolesRows + 5)
            let rect = area.centered(width: min(area.width, 76), height: height)
            let inner = frame(rect, title: f.isCreate ? "New account" : "Edit \(editLogin(f))", into: &buffer, capabilities: capabilities)
            let fieldsHeight = Form().fieldRows(for: f.form).last.map { $0 + 2 } ?? 0
            Form(focused: !f.rolesFocused).render(into: &buffer, area: Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: fieldsHeight),
                                                  theme: theme, state: f.form, capabilities: capabilities)
            var y = inner.y + fieldsHeight
            if f.isCreate, y < inner.maxY - 1 {
                buffer.put("Roles (Tab to reach, Space to tick):", x: inner.x + 1, y: y, style: theme[f.rolesFocused ? .titleFocus : .text])
                y += 1
                let listHeight = max(0, min(Role.allCases.count, inner.maxY - y - 1))
                Checklist(focused: f.rolesFocused).render(into: &buffer, area: Rect(x: inner.x + 3, y: y, width: inner.width - 4, height: listHeight),
                                                          theme: theme, state: f.roles, capabilities: capabilities)
            }
            renderFormError(f.formError, hint: "Enter saves · Tab next field · Esc cancels", inner: inner, into: &buffer)
        case let .roles(r):
            let rect = area.centered(width: min(area.width, 64), height: min(area.height, Role.allCases.count + 5))
            let inner = frame(rect, title: "Roles of \(r.login)", into: &buffer, capabilities: capabilities)
            Checklist(focused: true).render(into: &buffer, area: Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height - 2),
                                            theme: theme, state: r.list, capabilities: capabilities)
            renderFormError(r.formError, hint: "Space toggles · Enter saves · Esc cancels", inner: inner, into: &buffer)
        case let .importFile(d):
            renderImport(d, into: &buffer, area: area, capabilities: capabilities)
        case let .confirmGrant(c):
            let rect = area.centered(width: min(area.width, 78), height: min(area.height, c.lines.count + 8))
            let names = c.roles.map(\.rawValue).joined(separator: " and ")
            let inner = frame(rect, title: "Grant \(names) to \(c.login)?", into: &buffer, capabilities: capabilities, dangerous: true)
            var y = inner.y
            for line in c.lines {
                buffer.put(line, x: inner.x + 1, y: y, style: theme[.severityWarning], maxWidth: inner.width - 2)
                y += 1
            }
            y += 1
            Form().render(into: &buffer, area: Rect(x: inner.x + 1, y: y, width: inner.width - 2, height: max(0, inner.maxY - y - 1)),
                          theme: theme, state: c.form, capabilities: capabilities)
            renderFormError(nil, hint: "Enter grants · Esc cancels", inner: inner, into: &buffer)
        case let .deactivate(d):
            let workLines = d.openWork.isEmpty ? 1 : min(6, d.openWork.count + 1)
            let height = min(area.height, 6 + workLines + (d.pagedAt.isEmpty ? 0 : 1) + d.form.fields.count * 2 + 2)
            let rect = area.centered(width: min(area.width, 78), height: height)
            let inner = frame(rect, title: "Deactivate \(d.account.login)", into: &buffer, capabilities: capabilities, dangerous: true)
            var y = inner.y
            buffer.put("Revokes every role and archives name and email.", x: inner.x + 1, y: y, style: theme[.text], maxWidth: inner.width - 2)
            y += 1
            if d.openWork.isEmpty {
                buffer.put("No open work is assigned to \(d.account.login).", x: inner.x + 1, y: y, style: theme[.textDim], maxWidth: inner.width - 2)
                y += 1
            } else {
                buffer.put("Open work to reassign (\(d.openWork.count)):", x: inner.x + 1, y: y, style: theme[.severityWarning])
                y += 1
                for item in d.openWork.prefix(5) {
                    buffer.put("• \(item.kind) \(item.id): \(item.title)", x: inner.x + 2, y: y, style: theme[.text], maxWidth: inner.width - 3)
                    y += 1
                }
            }
            if !d.pagedAt.isEmpty {
                buffer.put("Paged by the routing at \(d.pagedAt.joined(separator: ", ")); pages will skip to the next level.",
                           x: inner.x + 1, y: y, style: theme[.severityWarning], maxWidth: inner.width - 2)
                y += 1
            }
            y += 1
            Form().render(into: &buffer, area: Rect(x: inner.x + 1, y: y, width: inner.width - 2, height: max(0, inner.maxY - y - 1)),
                          theme: theme, state: d.form, capabilities: capabilities)
            renderFormError(d.formError, hint: "Enter deactivates · Tab next field · Esc cancels", inner: inner, into: &buffer)
        }
    }

    private func renderImport(_ d: ImportDialog, into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        switch d.stage {
        case .paths:
            let rect = area.centered(width: min(area.width, 90), height: min(area.height, 9))
            let inner = frame(rect, title: "Import staff from an HR export", into: &buffer, capabilities: capabilities)
            Form().render(into: &buffer, area: Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: max(0, inner.height - 1)),
                          theme: theme, state: d.form, capabilities: capabilities)
            renderFormError(d.formError, hint: "Enter shows the plan (nothing changes yet) · Tab next field · Esc cancels", inner: inner, into: &buffer)
        case let .plan(preview):
            let rect = Rect(x: area.x + 1, y: area.y + 1, width: max(0, area.width - 2), height: max(0, area.height - 2))
            let inner = frame(rect, title: "Import plan: \(preview.records) record(s), sha256 \(preview.sha256.prefix(12))…", into: &buffer,
                              capabilities: capabilities, dangerous: true)
            let lines = ImportDialog.lines(preview.plan).flatMap { AuditDiff.wrap($0, width: max(10, inner.width - 2)) }
            let rows = max(0, inner.height - 3)
            let top = min(d.scroll, max(0, lines.count - rows))
            for (i, line) in lines.dropFirst(top).prefix(rows).enumerated() {
                let style: ThemeKey = line.hasPrefix("!") ? .statusError : line.hasPrefix("-") ? .severityWarning : i == 0 && top == 0 ? .title : .text
                buffer.put(line, x: inner.x + 1, y: inner.y + i, style: theme[style], maxWidth: inner.width - 2)
            }
            if lines.count > rows {
                buffer.put("\(top + 1)–\(min(lines.count, top + rows)) of \(lines.count) ↑↓", x: inner.maxX - 20, y: inner.y + rows, style: theme[.textDim], maxWidth: 19)
            }
            Form().render(into: &buffer, area: Rect(x: inner.x + 1, y: inner.maxY - 2, width: inner.width - 2, height: 1),
                          theme: theme, state: d.form, capabilities: capabilities)
            renderFormError(d.formError, hint: "Type apply and Enter to apply · ↑↓ PgUp PgDn scroll · Esc leaves", inner: inner, into: &buffer)
        }
    }

    private func editLogin(_ f: AccountForm) -> String {
        if case let .edit(login, _) = f.mode { return login }
        return ""
    }

    private func frame(_ rect: Rect, title: String, into buffer: inout ScreenBuffer, capabilities: TerminalCapabilities, dangerous: Bool = false) -> Rect {
        ModalChrome.frame(rect, title: title, theme: env.theme, into: &buffer, capabilities: capabilities, dangerous: dangerous)
    }

    private func renderFormError(_ error: String?, hint: String, inner: Rect, into buffer: inout ScreenBuffer) {
        ModalChrome.footer(error, hint: hint, inner: inner, theme: env.theme, into: &buffer)
    }
}
