import Foundation
@testable import OpsConsole
import OpsCore
import OpsStore
import Testing

/// The status line names who is on call for the actor's team, from the demo's schedules.
@Suite("Status line: who is on call")
@MainActor
struct OnCallStatusTests {
    @Test("an ops engineer of team sre sees who holds sre-primary, and 'you are on call' when it is them")
    func statusLine() throws {
        let h = try ConsoleHarness(role: .ops)
        let account = try #require(h.app.account)
        #expect(account.team == "sre")
        let now = try #require(try h.store.onCallNow(team: "sre", as: h.env.actor).first { $0.schedule == "sre-primary" })
        let login = try #require(now.login)
        let text = try #require(h.app.onCall)
        if login == account.login {
            #expect(text.hasPrefix("you are on call until "))
        } else {
            #expect(text.hasPrefix("on call: \(login) until "))
        }
        #expect(h.text.split(separator: "\n").last?.contains(text) == true)
        // The on-call person sees it about themselves.
        let me = try ConsoleHarness(actor: login)
        #expect(me.app.onCall?.hasPrefix("you are on call until ") == true)
    }
}
