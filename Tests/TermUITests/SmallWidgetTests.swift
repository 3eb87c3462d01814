import Testing
@testable import TermUI

@Suite struct ChecklistTests {
    func items() -> ChecklistState {
        ChecklistState(items: [
            ChecklistItem("Restart collector", warning: "drops one tick"),
            ChecklistItem("Purge database", disabled: true),
            ChecklistItem("Notify on-call", checked: true),
        ])
    }

    @Test func toggleSkipsDisabledItems() {
        var state = items()
        do { let used = state.handle(.char(" "), visibleRows: 3); #expect(used) }
        #expect(state.items[0].checked)
        _ = state.handle(.down, visibleRows: 3)
        _ = state.handle(.enter, visibleRows: 3)
        #expect(!state.items[1].checked)
        state.toggle(99)
        #expect(state.checkedTitles == ["Restart collector", "Notify on-call"])
    }

    @Test func rendersMarkersAndWarning() {
        var buffer = canvas(40, 3)
        Checklist(focused: false).render(into: &buffer, area: buffer.bounds, theme: .default, state: items())
        #expect(lines(buffer) == [
            "[ ] Restart collector  ⚠ drops one tick ",
            "[ ] Purge database                      ",
            "[x] Notify on-call                      ",
        ])
        #expect(buffer[0, 1].style == Theme.default[.textDim])
        #expect(buffer[0, 0].style == Theme.default[.selectionInactive])
        Checklist().render(into: &buffer, area: buffer.bounds, theme: .default, state: items(), capabilities: asciiTerminal)
        #expect(lines(buffer)[0] == "[ ] Restart collector  ! drops one tick ")
        #expect(buffer[25, 2].style == Theme.default[.text])
    }
}

@Suite struct DialogTests {
    @Test func centeredWithButtons() {
        var buffer = canvas(40, 9)
        var dialog = Dialog(title: "Acknowledge?", body: ["Alert 42 on db-01"], buttons: ["Yes", "No"], minWidth: 10)
        let rect = dialog.render(into: &buffer, area: buffer.bounds, theme: .default)
        #expect(rect == Rect(x: 9, y: 2, width: 21, height: 5))
        #expect(lines(buffer)[2...6] == [
            "         ┌ Acknowledge? ─────┐          ",
            "         │ Alert 42 on db-01 │          ",
            "         │                   │          ",
            "         │  [ Yes ]  [ No ]  │          ",
            "         └───────────────────┘          ",
        ])
        #expect(buffer[12, 5].style == Theme.default[.buttonFocus])
        #expect(buffer[21, 5].style == Theme.default[.button])
        #expect(dialog.buttonIndex(atX: 21, y: 5, in: rect) == 1)
        #expect(dialog.buttonIndex(atX: 0, y: 0, in: rect) == nil)
        do { let used = dialog.handle(.right); #expect(used) }
        #expect(dialog.focusedButton == 1)
        do { let used = dialog.handle(.tab); #expect(used) }
        #expect(dialog.focusedButton == 0)
        do { let used = dialog.handle(.enter); #expect(!used) }
        dialog.dangerous = true
        dialog.render(into: &buffer, area: buffer.bounds, theme: .default)
        #expect(buffer[12, 5].style == Theme.default[.dangerous])
    }

    @Test func clippedToSmallAreas() {
        var buffer = canvas(12, 4)
        let rect = Dialog(title: "A very long title", body: ["x", "y", "z"]).render(into: &buffer, area: buffer.bounds, theme: .default)
        #expect(rect == buffer.bounds)
        #expect(wideCellsArePaired(buffer))
    }
}

@Suite struct TabsTests {
    let tabs = Tabs([TabItem("Alerts", badge: 3), TabItem("Tickets"), TabItem("Targets", badge: 0)], active: 1)

    @Test func rendersTitlesBadgesAndSeparators() {
        var buffer = canvas(32, 1)
        tabs.render(into: &buffer, area: buffer.bounds, theme: .default)
        #expect(lines(buffer) == [" Alerts 3 │ Tickets │ Targets   "])
        #expect(buffer[8, 0].style == Theme.default[.tabBadge])
        #expect(buffer[12, 0].style == Theme.default[.tabActive])
        var ascii = canvas(32, 1)
        tabs.render(into: &ascii, area: ascii.bounds, theme: .default, capabilities: asciiTerminal)
        #expect(lines(ascii) == [" Alerts 3 | Tickets | Targets   "])
    }

    @Test func hitTestMatchesDrawing() {
        #expect(tabs.hitTest(x: 0) == 0)
        #expect(tabs.hitTest(x: 9) == 0)
        #expect(tabs.hitTest(x: 10) == nil)
        #expect(tabs.hitTest(x: 11) == 1)
        #expect(tabs.hitTest(x: 30) == nil)
        #expect(tabs.hitTest(x: 25, in: Rect(x: 5, y: 0, width: 20, height: 1)) == nil)
        #expect(tabs.hitTest(x: 24, in: Rect(x: 5, y: 0, width: 20, height: 1)) == 1)
        #expect(tabs.hitTest(x: -1) == nil)
    }
}

@Suite struct StatusLineTests {
    @Test func segmentsAndMessage() {
        var buffer = canvas(50, 1)
        let status = StatusLine(left: ["pmops", "alice"], right: ["12:03:10"], message: .init("Ack sent", level: .success))
        status.render(into: &buffer, area: buffer.bounds, theme: .default)
        #expect(lines(buffer) == [" pmops │ alice  Ack sent                 12:03:10 "])
        #expect(buffer[16, 0].style == Theme.default[.statusSuccess])
        #expect(buffer[0, 0].style == Theme.default[.statusBar])
    }

    @Test func messageWinsOverLeftSegmentsWhenNarrow() {
        var buffer = canvas(30, 1)
        let status = StatusLine(left: ["a long context segment"], right: ["12:03"], message: .init("database locked", level: .error))
        status.render(into: &buffer, area: buffer.bounds, theme: .default)
        #expect(lines(buffer)[0].contains("database locked"))
        #expect(lines(buffer)[0].hasSuffix("12:03 "))
        var tiny = canvas(3, 1)
        status.render(into: &tiny, area: tiny.bounds, theme: .default)
        #expect(TextWidth.width(of: lines(tiny)[0]) == 3)
    }
}

@Suite struct ChartTests {
    @Test func brailleSparkline() {
        var buffer = canvas(4, 1)
        Sparkline(values: [0, 1, 2, 3, 4, 4, .nan, 2], range: 0...4).render(into: &buffer, area: buffer.bounds, theme: .default)
        #expect(lines(buffer) == ["\u{28C0}\u{28F4}\u{28FF}\u{28A0}"])
        #expect(buffer[0, 0].style == Theme.default[.chartLine])
        var tall = canvas(1, 2)
        Sparkline(values: [8, 3]).render(into: &tall, area: tall.bounds, theme: .default)
        #expect(lines(tall) == ["\u{2847}", "\u{28F7}"])
    }

    @Test func asciiSparklineAndEdgeCases() {
        var buffer = canvas(6, 1)
        Sparkline(values: [0, 7, .infinity, 3.5]).render(into: &buffer, area: buffer.bounds, theme: .default, capabilities: asciiTerminal)
        #expect(lines(buffer) == ["  .# ="])
        Sparkline(values: []).render(into: &buffer, area: buffer.bounds, theme: .default)
        #expect(lines(buffer) == ["      "])
        Sparkline(values: [.nan, .nan, -5, -5]).render(into: &buffer, area: buffer.bounds, theme: .default, capabilities: asciiTerminal)
        #expect(lines(buffer) == ["    .."])
    }

    @Test func gauges() {
        var buffer = canvas(10, 1)
        Gauge(ratio: 0.5).render(into: &buffer, area: buffer.bounds, theme: .default)
        #expect(lines(buffer) == ["███░░░ 50%"])
        #expect(buffer[0, 0].style == Theme.default[.gaugeFill])
        #expect(buffer[4, 0].style == Theme.default[.gaugeEmpty])
        Gauge(ratio: 0.25).render(into: &buffer, area: buffer.bounds, theme: .default)
        #expect(lines(buffer) == ["█▌░░░░ 25%"])
        Gauge(ratio: 0.5).render(into: &buffer, area: buffer.bounds, theme: .default, capabilities: asciiTerminal)
        #expect(lines(buffer) == ["###--- 50%"])
        Gauge(ratio: .nan).render(into: &buffer, area: buffer.bounds, theme: .default)
        #expect(lines(buffer) == ["░░░░░░ n/a"])
        Gauge(ratio: 7, label: "disk").render(into: &buffer, area: buffer.bounds, theme: .default)
        #expect(lines(buffer) == ["█████ disk"])
        var narrow = canvas(3, 1)
        Gauge(ratio: 1).render(into: &narrow, area: narrow.bounds, theme: .default)
        #expect(lines(narrow) == ["10…"])
    }
}
