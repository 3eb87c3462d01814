import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI

/// The Changes pane's keys: filters, review with four-eyes, the lifecycle with typed
/// confirmation for production, rollout steps and the kill switch, each checked in the store.
@MainActor
@Suite("Changes pane")
struct ChangesPaneTests {
    let op = ChangesFixtures.op

    /// The demo's change set in review, and a second person who may approve and apply it.
    func inReview() throws -> (set: ConfigChangeSet, reviewer: String) {
        let (h, _) = try ChangesFixtures.harness()
        guard let set = try h.store.configChangeSets(openOnly: true, as: op).first(where: { $0.status == .inReview }) else {
            throw OpsError.notFound("no change set in review")
        }
        let staff = try h.store.listStaff(StaffFilter(), as: op).filter { $0.isActive }
        guard let reviewer = staff.first(where: { $0.login != set.author && $0.permissions.isSuperset(of: [.configApprove, .configPropose]) }) else {
            throw OpsError.notFound("no second person who can approve")
        }
        return (set, reviewer.login)
    }

    @Test func kindAndStatusFiltersNarrowTheTimeline() throws {
        let (h, pane) = try ChangesFixtures.harness()
        h.press(.char("Y"))
        #expect(pane.filter.kind == .deploy)
        #expect(pane.list.rowCount > 0)
        for i in 0..<pane.list.rowCount {
            guard case let .event(e)? = pane.list.window[i] else { Issue.record("row \(i) is not a deploy event"); continue }
            #expect(e.kind == .deploy)
        }
        h.press(.char("X"), .char("S"))
        #expect(pane.filter.status == .pending)
        #expect(pane.list.rowCount == pane.openSets.count)
        h.press(.char("S"), .char("S"), .char("S"))
        #expect(pane.filter.status == .failed)
        #expect(pane.list.rowCount >= 1)
        h.press(.char("X"), .char("|"))
        #expect(pane.filter.environment == .staging)
        #expect(h.text.contains("env staging"))
    }

    @Test func serviceFilterIsTheSlashField() throws {
        let (h, pane) = try ChangesFixtures.harness()
        h.press(.char("/"))
        h.type("api")
        h.press(.enter)
        #expect(pane.filter.service == "api")
        for i in 0..<pane.list.rowCount {
            if case let .event(e)? = pane.list.window[i] { #expect(e.service == "api") } else { Issue.record("row \(i) is not an api event") }
        }
    }

    @Test func theAuthorCannotApproveTheirOwnSet() throws {
        let (h, pane) = try ChangesFixtures.harness()
        let mine = try h.store.draftConfigChange([(key: "retention.days", value: "120")], rationale: "Tenants asked for 4 months of logs.", impact: nil,
                                                 submit: true, as: op)
        #expect(mine.status == .inReview)
        _ = pane.refresh(force: true)
        ChangesFixtures.select(in: h, pane: pane) { row in if case let .openSet(set) = row { set.id == mine.id } else { false } }
        h.press(.char("Z"), .enter, .enter)
        #expect(pane.prompt?.error?.contains("Four-eyes") == true)
        #expect(try h.store.configChangeSet(mine.id, as: op).status == .inReview)
        #expect(try h.store.configChangeSet(mine.id, as: op).approver == nil)
    }

    @Test func aSecondPersonApprovesAppliesAndVerifiesWithTypedProductionConfirmation() throws {
        let (set, reviewer) = try inReview()
        let (h, pane) = try ChangesFixtures.harness(actor: reviewer)
        ChangesFixtures.select(in: h, pane: pane, ChangesFixtures.isOpenSet)
        h.press(.enter)
        h.press(.char("Z"), .enter)
        h.type("checked SR-118")
        h.press(.enter)
        #expect(try h.store.configChangeSet(set.id, as: op).status == .approved)
        #expect(try h.store.configChangeSet(set.id, as: op).approver == reviewer)
        h.press(.char(">"), .enter)
        #expect(try h.store.configChangeSet(set.id, as: op).status == .stagingApplied)
        h.press(.char(">"), .enter)
        #expect(try h.store.configChangeSet(set.id, as: op).status == .stagingVerified)
        h.press(.char(">"))
        #expect(pane.prompt?.kind == .applyProduction)
        h.type("cs-999")
        h.press(.enter)
        #expect(pane.prompt?.error?.contains("cs-\(set.id)") == true)
        #expect(try h.store.configChangeSet(set.id, as: op).status == .stagingVerified)
        h.press(.escape, .char(">"))
        h.type("cs-\(set.id)")
        h.press(.enter)
        #expect(pane.prompt == nil)
        #expect(try h.store.configChangeSet(set.id, as: op).status == .productionApplied)
        #expect(try h.store.configSnapshot(.production, as: op).values["dmarc.policy"] == "reject")
    }

    @Test func rejectingNeedsAReasonAndNothingChangesWithout() throws {
        let (set, reviewer) = try inReview()
        let (h, pane) = try ChangesFixtures.harness(actor: reviewer)
        ChangesFixtures.select(in: h, pane: pane, ChangesFixtures.isOpenSet)
        h.press(.char("Z"))
        for _ in 0..<7 { h.press(.backspace) }
        h.type("reject")
        h.press(.enter, .enter)
        #expect(pane.prompt?.error != nil)
        #expect(try h.store.configChangeSet(set.id, as: op).status == .inReview)
        h.type("TLS 1.3 only breaks 2 % of API keys; announce first")
        h.press(.enter)
        #expect(try h.store.configChangeSet(set.id, as: op).status == .rejected)
    }

    @Test func rolloutStepAsksYesNoThenAdvances() throws {
        let (h, pane) = try ChangesFixtures.harness()
        ChangesFixtures.select(in: h, pane: pane, ChangesFixtures.isFlag("bounce-classifier"))
        h.press(.char("%"))
        #expect(try h.store.flag("bounce-classifier", as: op).flag.rollout?.percent == 1)
        h.press(.char("y"))
        #expect(try h.store.flag("bounce-classifier", as: op).flag.rollout?.percent == 5)
    }

    @Test func killNeedsTheKeyTyped() throws {
        let (h, pane) = try ChangesFixtures.harness()
        ChangesFixtures.select(in: h, pane: pane, ChangesFixtures.isFlag("bounce-classifier"))
        h.press(.char("~"))
        h.type("bounce")
        h.press(.enter)
        #expect(try h.store.flag("bounce-classifier", as: op).flag.killed == false)
        h.type("-classifier")
        h.press(.enter)
        #expect(try h.store.flag("bounce-classifier", as: op).flag.killed == true)
    }

    @Test func rollbackDraftsARollbackSetAfterTypedConfirmation() throws {
        let (h, pane) = try ChangesFixtures.harness()
        guard let done = try h.store.configChangeSets(as: op).first(where: { $0.status == .productionVerified }) else {
            throw OpsError.notFound("no verified change set")
        }
        pane.filter = ChangeFilter(kind: .config)
        pane.reload(resetSelection: true)
        ChangesFixtures.select(in: h, pane: pane) { row in
            if case let .event(e) = row { ChangeReference.changeSet(of: e) == done.id } else { false }
        }
        h.press(.char("<"))
        h.type("Complaints up 0.2 % on mta-3 since the raise")
        h.press(.enter)
        h.type("cs-\(done.id)")
        h.press(.enter)
        let sets = try h.store.configChangeSets(as: op)
        #expect(sets.contains { $0.rollbackOf == done.id })
    }
}
