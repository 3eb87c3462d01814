import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI

/// What the shell offers depends on the actor's permissions: denied keys give one status
/// line and never a form; panes the actor cannot read are not offered.
@MainActor
@Suite("Permission-aware commands")
struct ConsolePermissionTests {
    @Test func supportCannotOpenTheNewAccountForm() throws {
        let h = try ConsoleHarness(role: .support)
        #expect(!h.text.contains("n New"), "the footer offers New to support")
        let before = try h.store.auditCount()
        h.press(.char("n"))
        #expect(h.users.modal == .none)
        #expect(h.text.contains("New: needs users.manage; you are support"))
        #expect(try h.store.auditCount() == before)
    }

    @Test func supportPressingAckGetsOneLineNotAForm() throws {
        let h = try ConsoleHarness(role: .support, startPane: "alerts")
        #expect(h.app.activePaneID == "alerts")
        #expect(!h.text.contains("a Ack"))
        h.press(.char("a"))
        #expect(h.alerts.modal == .none)
        #expect(h.text.contains("Ack: needs alerts.ack; you are support"))
    }

    @Test func readonlyCannotOpenTheAuditTrail() throws {
        let h = try ConsoleHarness(role: .readonly)
        h.press(.char("L"))
        #expect(h.users.view == .list)
        #expect(h.text.contains("Audit: needs audit.read; you are readonly"))
        h.press(.char("e"))
        #expect(h.users.modal == .none)
    }

    @Test func panesTheActorCannotReadAreNotOffered() throws {
        let h = try ConsoleHarness(role: .finance)
        let text = h.text
        #expect(text.contains("1 Health") && text.contains("3 Users") && text.contains("5 Metrics") && text.contains("6 Tickets"))
        #expect(!text.contains("Alerts") && !text.contains("Silences"))
        h.press(.char("2"))
        #expect(h.app.activePaneID == "users")
        #expect(h.text.contains("Alerts: needs alerts.read; you are finance"))
        // Tab cycles through the offered panes only.
        h.press(.tab)
        #expect(h.app.activePaneID == "metrics")
        h.press(.tab)
        #expect(h.app.activePaneID == "tickets")
        h.press(.tab)
        #expect(h.app.activePaneID == "customers")
        h.press(.tab)
        #expect(h.app.activePaneID == "kpi")
        h.press(.tab)
        #expect(h.app.activePaneID == "health")
        h.press(.tab)
        #expect(h.app.activePaneID == "users")
    }

    @Test func helpMarksWhatTheActorLacks() throws {
        let h = try ConsoleHarness(role: .support)
        h.press(.char("?"))
        #expect(h.text.contains("New (needs users.manage)"))
    }

    @Test func superAdminSeesEveryPaneAndCommand() throws {
        let h = try ConsoleHarness()
        #expect(h.app.paneIDs == ["health", "alerts", "users", "silences", "metrics", "tickets", "incidents", "schedules", "changes", "customers", "kpi"])
        #expect(h.text.contains("n New"))
        h.press(.char("n"))
        if case .form = h.users.modal {} else { Issue.record("the New form did not open") }
    }
}
