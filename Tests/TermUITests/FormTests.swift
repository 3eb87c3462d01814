import Testing
@testable import TermUI

@Suite struct FormTests {
    func loginForm() -> FormState {
        FormState(fields: [
            FormField(label: "User", text: "alice"),
            FormField(label: "Password", isSecret: true),
        ])
    }

    @Test func tabMovesFocusAndKeysGoToTheFocusedField() {
        var form = loginForm()
        #expect(form.focus == 0)
        do { let used = form.handle(.tab); #expect(used) }
        #expect(form.focus == 1)
        _ = form.handle(.char("p"))
        _ = form.handle(.char("w"))
        #expect(form.values == ["alice", "pw"])
        do { let used = form.handle(.tab); #expect(used) }
        #expect(form.focus == 0)
        do { let used = form.handle(.backTab); #expect(used) }
        #expect(form.focus == 1)
        do { let used = form.handle(.enter); #expect(!used) }
        var empty = FormState(fields: [])
        do { let used = empty.handle(.tab); #expect(!used) }
    }

    @Test func rendersLabelsMaskAndInlineError() {
        var form = loginForm()
        form.fields[1].state.setText("hunter2")
        form.fields[0].error = "unknown user"
        form.setFocus(1)
        #expect(form.hasErrors)
        var buffer = canvas(30, 4)
        let cursor = Form().render(into: &buffer, area: buffer.bounds, theme: .default, state: form)
        #expect(lines(buffer) == [
            "    User: alice               ",
            "          ! unknown user      ",
            "Password: •••••••             ",
            "                              ",
        ])
        #expect(cursor?.x == 17)
        #expect(cursor?.y == 2)
        #expect(buffer[10, 1].style == Theme.default[.inputError])
        #expect(Form().fieldRows(for: form) == [0, 2])
        var ascii = canvas(30, 4)
        Form().render(into: &ascii, area: ascii.bounds, theme: .default, state: form, capabilities: asciiTerminal)
        #expect(lines(ascii)[2] == "Password: *******             ")
    }
}
