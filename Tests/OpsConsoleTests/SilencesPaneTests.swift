import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// The silence form's live preview and its "matches nothing" second Enter, and the
/// Silences pane (list, expire, extend) on the seeded alert queue with a pinned clock.
@MainActor
@Suite("Silences")
struct SilencesPaneTests {
    nonisolated static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]
    static let op = ActorContext(osLogin: ConsoleHarness.operatorLogin)

    /// Two silences on the seeded queue: one active (mutes the three disk alerts), one that starts in an hour.
    static func seedSilences(_ h: ConsoleHarness) throws {
        let now = h.clock.now()
        _ = try h.store.addSilence(matchers: try LabelMatcher.parseList(#"alertname="HostDiskFull", service="smtp-out""#),
                                   endsAt: now + 4 * 3600, comment: "spool cleanup on the mx hosts, OPS-412", as: op)
        _ = try h.store.addSilence(matchers: try LabelMatcher.parseList(#"service="cdn""#), startsAt: now + 3600,
                                   endsAt: now + 3 * 3600, comment: "CDN vendor maintenance window", as: op)
    }

    static func silencesPane(_ h: ConsoleHarness) throws -> SilencesPane { try ConsoleHarness.pane("silences", of: h.app) }

    @Test(arguments: sizes) func silencesView(size: Size) throws {
        let (h, _) = try AlertFixtures.harness(size: size)
        try Self.seedSilences(h)
        h.app.switchTo("silences")
        assertSnapshot(h.frame(), named: "silences-list-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test func silencesViewMono() throws {
        let (h, _) = try AlertFixtures.harness(size: Size(width: 120, height: 40), theme: Theme.default.monochrome())
        try Self.seedSilences(h)
        h.app.switchTo("silences")
        assertSnapshot(h.frame(), named: "silences-list-mono", directory: ConsoleHarness.snapshotDirectory)
    }

    /// (matchers typed into the first matcher line after clearing the form's, preview text)
    nonisolated static let previews: [(String, String)] = [
        (#"alertname="HostDiskFull""#, "Matches 3 alerts now:"),
        (#"alertname="HostDiskFull", instance="mx2:9100""#, "Matches 1 alert now:"),
        (#"alertname="NoSuchRule""#, "Matches no alert now."),
        (#"alertname=~"(""#, "Matchers: "),
    ]

    @Test("the silence form previews what its matchers select as they are typed", arguments: previews)
    func preview(matchers: String, expected: String) throws {
        let (h, seeded) = try AlertFixtures.harness()
        AlertsPaneGoldenTests.select(seeded["disk1"], in: h)
        h.press(.char("s"))
        guard case var .silence(form) = h.alerts.modal else { Issue.record("no silence form"); return }
        #expect(form.previewText.hasPrefix("Matches 1 alert now: #\(seeded["disk1"]) HostDiskFull"), "opened with its own alert previewed")
        // Clear every matcher line, then type the case's matchers into the first.
        for _ in 0..<form.matcherCount {
            for _ in 0..<40 { h.press(.backspace) }
            h.press(.tab)
        }
        for _ in 0..<form.matcherCount { h.press(.backTab) }
        h.type(matchers)
        guard case let .silence(typed) = h.alerts.modal else { Issue.record("the form closed"); return }
        form = typed
        #expect(form.previewText.hasPrefix(expected), "\(form.previewText)")
        #expect(h.text.contains(String(expected.prefix(20))))
    }

    @Test("a silence matching nothing needs a second Enter; editing the matchers withdraws it")
    func emptySilenceNeedsConfirmation() throws {
        let (h, seeded) = try AlertFixtures.harness()
        AlertsPaneGoldenTests.select(seeded["disk1"], in: h)
        h.press(.char("s"))
        for _ in 0..<3 {
            for _ in 0..<40 { h.press(.backspace) }
            h.press(.tab)
        }
        h.press(.backTab, .backTab, .backTab)
        h.type(#"alertname="Nope""#)
        for _ in 0..<5 { h.press(.tab) }  // four matcher lines, the duration
        h.type("planned change")
        let before = try h.store.silences(as: Self.op).count
        h.press(.enter)
        #expect(h.text.contains("matches no alert now"), "the first Enter explains")
        #expect(try h.store.silences(as: Self.op).count == before, "nothing saved yet")
        h.press(.enter)
        #expect(!h.alerts.modal.isOpen)
        #expect(try h.store.silences(as: Self.op).count == before + 1, "the second Enter saves it")
    }

    @Test("a silence made from an alert's form mutes that alert")
    func silenceFromAlertMutes() throws {
        let (h, seeded) = try AlertFixtures.harness()
        AlertsPaneGoldenTests.select(seeded["rbl"], in: h)
        h.press(.char("s"))
        for _ in 0..<4 { h.press(.tab) }  // alertname, service, instance, the empty line
        h.press(.tab)
        h.type("delisting requested")
        h.press(.enter)
        #expect(!h.alerts.modal.isOpen, "\(h.text)")
        #expect(try h.store.alertDetail(id: seeded["rbl"], as: Self.op).alert.silenceID != nil)
    }

    @Test("expire asks first and unmutes; extend recreates the silence with a later end")
    func expireAndExtend() throws {
        let (h, seeded) = try AlertFixtures.harness()
        try Self.seedSilences(h)
        h.app.switchTo("silences")
        h.frame()
        let pane = try Self.silencesPane(h)
        let first = try #require(pane.list.selectedRow)
        h.press(.char("+"))
        h.press(.backspace, .backspace)
        h.type("1h")
        h.press(.enter)
        let active = try h.store.silences(as: Self.op)
        let extended = try #require(active.first { $0.comment == first.comment })
        #expect(extended.id != first.id)
        #expect(extended.endsAt == first.endsAt + 3600)
        #expect(try h.store.alertDetail(id: seeded["disk1"], as: Self.op).alert.silenceID == extended.id)
        h.press(.home)
        for _ in 0..<5 where pane.list.selectedRow?.id != extended.id { h.press(.down) }
        #expect(pane.list.selectedRow?.id == extended.id)
        h.press(.char("x"))
        #expect(h.text.contains("y/n") || h.text.contains("Expire"), "the shell asks before expiring")
        h.press(.char("y"))
        #expect(try h.store.alertDetail(id: seeded["disk1"], as: Self.op).alert.silenceID == nil)
        #expect(try h.store.silences(includeExpired: true, as: Self.op).first { $0.id == extended.id }?.expiredBy == ConsoleHarness.operatorLogin)
        #expect(!pane.all.contains { $0.id == extended.id }, "an expired silence leaves the list")
    }
}
