import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// The status machine: every (from, to) pair, the sentences that name the allowed moves,
/// and the reopen window.
@Suite("Ticket lifecycle")
struct TicketLifecycleTests {
    static let ticket = TicketNumber(7)

    /// The whole table, written out so a change to it is a visible diff here.
    static let allowed: [TicketStatus: Set<TicketStatus>] = [
        .new: [.triage, .investigating, .waitingCustomer, .waitingVendor],
        .triage: [.investigating, .waitingCustomer, .waitingVendor],
        .investigating: [.triage, .waitingCustomer, .waitingVendor],
        .waitingCustomer: [.investigating, .waitingVendor],
        .waitingVendor: [.investigating, .waitingCustomer],
        .resolved: [], .closed: [],
    ]

    static let pairs = TicketStatus.allCases.flatMap { from in TicketStatus.allCases.map { (from, $0) } }

    @Test("status moves", arguments: pairs)
    func move(from: TicketStatus, to: TicketStatus) {
        let error = opsError { () throws(OpsError) in try TicketLifecycle.check(from: from, to: to, ticket: Self.ticket) }
        let ok = Self.allowed[from, default: []].contains(to)
        #expect((error == nil) == ok, "\(from) → \(to): \(String(describing: error))")
        if let error {
            #expect(Sentences.isOneSentence(error.description) || error.description.hasPrefix("Invalid status:"), "\(error)")
            #expect([2, 5].contains(error.exitCode))
        }
    }

    @Test("a refused move says which moves there are")
    func sentences() {
        let error = opsError { () throws(OpsError) in try TicketLifecycle.check(from: .waitingCustomer, to: .new, ticket: Self.ticket) }
        #expect(error == .conflict("ESC-7 cannot go from waiting on customer to new; from waiting on customer it can go to investigating, waiting-vendor, resolved (tickets resolve)."))
        let closed = opsError { () throws(OpsError) in try TicketLifecycle.check(from: .closed, to: .triage, ticket: Self.ticket) }
        #expect(closed == .conflict("ESC-7 cannot go from closed to triage; from closed it can go to nothing (reopen it)."))
        let resolve = opsError { () throws(OpsError) in try TicketLifecycle.check(from: .triage, to: .resolved, ticket: Self.ticket) }
        #expect(resolve?.exitCode == 2)
        #expect(opsError { () throws(OpsError) in try TicketLifecycle.check(from: .triage, to: .triage, ticket: Self.ticket) }
            == .conflict("ESC-7 is already triage."))
    }

    @Test("resolve from any open status; close only when resolved", arguments: TicketStatus.allCases)
    func resolveAndClose(status: TicketStatus) {
        let resolve = opsError { () throws(OpsError) in try TicketLifecycle.checkResolve(from: status, ticket: Self.ticket) }
        #expect((resolve == nil) == status.isOpen)
        let close = opsError { () throws(OpsError) in try TicketLifecycle.checkClose(from: status, ticket: Self.ticket) }
        #expect((close == nil) == (status == .resolved))
        #expect(close == nil || close?.exitCode == 5)
    }

    /// (status, days since resolution, reopens?)
    static let reopenCases: [(TicketStatus, Double, Bool)] = [
        (.resolved, 1, true), (.closed, 13.9, true), (.closed, 14, true), (.closed, 14.01, false), (.resolved, 30, false),
        (.investigating, 0, false), (.new, 0, false),
    ]

    @Test("reopen within the window; after it a follow-up", arguments: reopenCases)
    func reopen(status: TicketStatus, days: Double, reopens: Bool) {
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        let resolvedAt = now.addingTimeInterval(-days * 86_400)
        let window: TimeInterval = 14 * 86_400
        let error = opsError { () throws(OpsError) in
            try TicketLifecycle.checkReopen(from: status, resolvedAt: resolvedAt, now: now, window: window, ticket: Self.ticket)
        }
        #expect((error == nil) == reopens)
        #expect(TicketLifecycle.replyReopens(status: status, resolvedAt: resolvedAt, now: now, window: window) == (reopens && !status.isOpen))
        if let error { #expect(error.exitCode == 5 && Sentences.isOneSentence(error.description), "\(error)") }
    }

    @Test("the window's sentence names the date and the way on")
    func reopenSentence() {
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        let error = opsError { () throws(OpsError) in
            try TicketLifecycle.checkReopen(from: .closed, resolvedAt: now.addingTimeInterval(-20 * 86_400), now: now, window: 14 * 86_400, ticket: Self.ticket)
        }
        #expect(error == .conflict("ESC-7 was resolved on 2026-11-10, more than 14 days ago; open a follow-up ticket linked to it instead."))
    }

    @Test("which statuses pause which clocks")
    func pauses() {
        #expect(TicketStatus.allCases.filter(\.pausesResolution) == [.waitingCustomer, .waitingVendor])
        #expect(TicketStatus.allCases.filter(\.pausesUpdates) == [.waitingCustomer])
        #expect(TicketStatus.allCases.filter { !$0.isOpen } == [.resolved, .closed])
    }
}
