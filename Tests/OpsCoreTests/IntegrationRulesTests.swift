import Foundation
import OpsCore
import Testing

/// The staging → security review → production path and the deprecation countdown.
@Suite("Integration rules")
struct IntegrationRulesTests {
    @Test("stages advance in order; production needs an approved review")
    func stages() throws {
        #expect(try IntegrationStages.next(from: .staging, reviewed: false) == .securityReview)
        #expect(try IntegrationStages.next(from: .securityReview, reviewed: true) == .production)
        let unreviewed = opsErrorOf { () throws(OpsError) in _ = try IntegrationStages.next(from: .securityReview, reviewed: false) }
        #expect(unreviewed?.exitCode == 5)
        #expect(unreviewed?.description.contains("security review") == true)
        #expect(opsErrorOf { () throws(OpsError) in _ = try IntegrationStages.next(from: .production, reviewed: true) }?.exitCode == 5)
        #expect(opsErrorOf { () throws(OpsError) in _ = try IntegrationStages.next(from: .retired, reviewed: true) }?.exitCode == 5)
    }

    @Test("a review: awaited, never the author's, an approval names its checklist")
    func review() {
        func check(_ stage: Integration.Stage, author: String = "dev", reviewer: String = "sec", checklist: [String] = ["keys"],
                   approve: Bool = true) -> OpsError? {
            opsErrorOf { () throws(OpsError) in
                try IntegrationStages.checkReview(stage: stage, author: author, reviewer: reviewer, checklist: checklist, approve: approve)
            }
        }
        #expect(check(.securityReview) == nil)
        #expect(check(.securityReview, checklist: [], approve: false) == nil)
        #expect(check(.staging)?.exitCode == 5)
        #expect(check(.securityReview, author: "sec")?.description.hasPrefix("Separation of duty") == true)
        #expect(check(.securityReview, checklist: [])?.exitCode == 2)
    }

    struct Reminder: Sendable, CustomTestStringConvertible {
        let daysLeft: Int
        let sent: Int
        let due: Int?
        var testDescription: String { "\(daysLeft) d left, stage \(sent) sent → \(due.map(String.init) ?? "none")" }
    }

    @Test("reminders fire once per stage as the countdown crosses 30, 14, 7 and 1 days", arguments: [
        Reminder(daysLeft: 40, sent: -1, due: nil), Reminder(daysLeft: 30, sent: -1, due: 0), Reminder(daysLeft: 29, sent: 0, due: nil),
        Reminder(daysLeft: 14, sent: 0, due: 1), Reminder(daysLeft: 5, sent: -1, due: 2), Reminder(daysLeft: 7, sent: 2, due: nil),
        Reminder(daysLeft: 0, sent: 2, due: 3), Reminder(daysLeft: -3, sent: 3, due: nil),
    ])
    func reminders(_ r: Reminder) {
        #expect(DeprecationSchedule.reminderDue(daysLeft: r.daysLeft, sentStage: r.sent) == r.due)
    }

    @Test("the alert fires from 14 days out until migrated; the countdown rounds up")
    func alert() {
        #expect(DeprecationSchedule.alertFiring(daysLeft: 14, migrated: false))
        #expect(!DeprecationSchedule.alertFiring(daysLeft: 15, migrated: false))
        #expect(!DeprecationSchedule.alertFiring(daysLeft: 3, migrated: true))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let notice = Deprecation(id: 1, integration: "x", api: "v1", sunset: now.addingTimeInterval(9.5 * 86_400), checklist: [])
        #expect(notice.daysLeft(now: now) == 10)
        #expect(notice.daysLeft(now: now.addingTimeInterval(11 * 86_400)) == -1)
    }

    @Test("typed fields are range-checked")
    func validation() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(opsErrorOf { () throws(OpsError) in _ = try IntegrationValidation.slug("Stripe!", field: "id") }?.exitCode == 2)
        #expect(opsErrorOf { () throws(OpsError) in _ = try IntegrationValidation.date("2026-13-40", field: "--sunset", now: now) }?.exitCode == 2)
        #expect(opsErrorOf { () throws(OpsError) in _ = try IntegrationValidation.date("2099-01-01", field: "--sunset", now: now) }?.exitCode == 2)
        #expect(opsErrorOf { () throws(OpsError) in _ = try IntegrationValidation.text("", field: "--owner") }?.exitCode == 2)
    }
}
