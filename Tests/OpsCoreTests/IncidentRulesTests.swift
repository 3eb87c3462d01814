import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// The incident rules: the status machine (every pair), severities and their targets,
/// required roles, classes and checklists, the breach clock, the postmortem due date and
/// the visibility of restricted incidents, all with fixed instants.
@Suite("Incident rules")
struct IncidentRulesTests {
    static let number = IncidentNumber(231)
    static let monday = Timestamp.parse("2026-12-07T10:00Z") ?? Date()

    static let allowed: [IncidentStatus: Set<IncidentStatus>] = [
        .investigating: [.identified, .monitoring, .resolved],
        .identified: [.investigating, .monitoring, .resolved],
        .monitoring: [.investigating, .identified, .resolved],
        .resolved: [.investigating, .postmortem, .closed],
        .postmortem: [.closed],
        .closed: [],
    ]

    static let pairs = IncidentStatus.allCases.flatMap { from in IncidentStatus.allCases.map { (from, $0) } }

    @Test("status moves; a refusal names the allowed moves", arguments: pairs)
    func move(from: IncidentStatus, to: IncidentStatus) {
        let error = opsError { () throws(OpsError) in try IncidentLifecycle.check(from: from, to: to, incident: Self.number) }
        #expect((error == nil) == Self.allowed[from, default: []].contains(to), "\(from) → \(to): \(String(describing: error))")
        if let error, from != to {
            #expect(error.exitCode == 5)
            let options = Self.allowed[from, default: []]
            for option in options { #expect(error.description.contains(option.rawValue), "\(error)") }
            #expect(Sentences.isOneSentence(error.description), "\(error)")
        }
    }

    @Test("numbers, severities, categories, roles and classes parse as people type them; others are refused in a sentence")
    func parsing() throws {
        #expect(IncidentNumber(text: "inc-231") == Self.number)
        #expect(IncidentNumber(text: "231") == Self.number)
        for bad in ["", "INC-", "INC-0", "INC--1", "INC-1234567890", "ESC-1"] { #expect(IncidentNumber(text: bad) == nil, "\(bad)") }
        #expect(IncidentSeverity(name: "SEV-2") == .sev2)
        #expect(IncidentSeverity(name: "sev1") == .sev1)
        #expect(IncidentSeverity(name: "S3") == .sev3)
        #expect(IncidentSeverity(name: "4") == .sev4)
        #expect(IncidentSeverity(name: "SEV-5") == nil)
        #expect(try IncidentCategory.parse("third_party") == .thirdParty)
        #expect(try IncidentRole.parse("IC") == .commander)
        #expect(try IncidentRole.parse("comms") == .commsLead)
        #expect(try SecurityClass.parse("credential_compromise") == .credentialCompromise)
        for error in [opsError { () throws(OpsError) in try IncidentSeverity.parse("SEV-9") },
                      opsError { () throws(OpsError) in try IncidentCategory.parse("meteor") },
                      opsError { () throws(OpsError) in try IncidentRole.parse("janitor") },
                      opsError { () throws(OpsError) in try SecurityClass.parse("aliens") }] {
            let error = try #require(error)
            #expect(error.exitCode == 2)
        }
    }

    @Test("severity targets: ack 5/15/60 min and next business day; updates every 30/60/240 min")
    func targets() {
        #expect(IncidentClocks.ackDue(.sev1, declaredAt: Self.monday) == Self.monday.addingTimeInterval(300))
        #expect(IncidentClocks.ackDue(.sev2, declaredAt: Self.monday) == Self.monday.addingTimeInterval(900))
        #expect(IncidentClocks.ackDue(.sev3, declaredAt: Self.monday) == Self.monday.addingTimeInterval(3_600))
        // Friday 18:00 → the first business hour of Monday, 10:00.
        let friday = Timestamp.parse("2026-12-11T18:00Z") ?? Date()
        #expect(IncidentClocks.ackDue(.sev4, declaredAt: friday) == Timestamp.parse("2026-12-14T10:00Z"))
        #expect(IncidentSeverity.allCases.map(\.updateCadence) == [1_800, 3_600, 14_400, 14_400])
        var incident = Incident(number: Self.number, title: "t", category: .outage, severity: .sev2, detectedAt: Self.monday, declaredAt: Self.monday,
                                declaredBy: "ic")
        #expect(IncidentClocks.nextUpdateDue(incident) == Self.monday.addingTimeInterval(3_600))
        incident.status = .resolved
        #expect(IncidentClocks.nextUpdateDue(incident) == nil)
    }

    @Test("a commander is always required, a security lead and a class for security incidents")
    func requiredRoles() throws {
        var new = NewIncident(title: "Down", category: .outage, severity: .sev1)
        #expect(opsError { () throws(OpsError) in try new.check() }?.description.contains("commander") == true)
        new.roles = [.commander: "ic"]
        #expect(opsError { () throws(OpsError) in try new.check() } == nil)
        new.category = .security
        #expect(opsError { () throws(OpsError) in try new.check() }?.description.contains("security lead") == true)
        new.roles[.securityLead] = "sec"
        #expect(opsError { () throws(OpsError) in try new.check() }?.description.contains("classification") == true)
        new.securityClass = .credentialCompromise
        #expect(opsError { () throws(OpsError) in try new.check() } == nil)
        #expect(new.checklist == [.revokeSessions, .rotateCredentials, .reviewAccessLogs, .collectEvidence])
        new.category = .outage
        #expect(opsError { () throws(OpsError) in try new.check() } != nil, "a class on a non-security incident is refused")
        new.securityClass = nil
        new.category = .deployment
        #expect(new.checklist == IncidentChecklistItem.rollback)
        for cls in SecurityClass.allCases { #expect(!cls.containment.isEmpty, "\(cls)") }
    }

    @Test("the 72-hour breach clock: running, overdue, notified in time or late")
    func breachClock() {
        var incident = Incident(number: Self.number, title: "t", category: .security, severity: .sev1, securityClass: .dataExposure,
                                detectedAt: Self.monday, declaredAt: Self.monday, declaredBy: "ic")
        #expect(IncidentClocks.breachState(incident, now: Self.monday) == .none)
        incident.breachAt = Self.monday
        let deadline = Self.monday.addingTimeInterval(72 * 3_600)
        #expect(IncidentClocks.breachState(incident, now: Self.monday.addingTimeInterval(3_600)) == .running(deadline: deadline, left: 71 * 3_600))
        #expect(IncidentClocks.breachState(incident, now: deadline.addingTimeInterval(60)) == .overdue(deadline: deadline, late: 60))
        incident.breachNotifiedAt = deadline
        #expect(IncidentClocks.breachState(incident, now: deadline.addingTimeInterval(600)) == .notified(at: deadline, inTime: true))
        incident.breachNotifiedAt = deadline.addingTimeInterval(1)
        #expect(IncidentClocks.breachState(incident, now: deadline.addingTimeInterval(600)) == .notified(at: deadline.addingTimeInterval(1), inTime: false))
    }

    @Test("the postmortem is due 5 business days after resolution, on the business calendar")
    func postmortemDue() {
        // Monday 10:00 + 5 business days (of 09–17) = next Monday 10:00.
        #expect(IncidentClocks.postmortemDue(resolvedAt: Self.monday) == Timestamp.parse("2026-12-14T10:00Z"))
        // Saturday: counting starts Monday 09:00; five full business days end Friday 17:00.
        #expect(IncidentClocks.postmortemDue(resolvedAt: Timestamp.parse("2026-12-12T12:00Z") ?? Date()) == Timestamp.parse("2026-12-18T17:00Z"))
        let pm = Postmortem(sections: [.summary: "s"])
        #expect(opsError { () throws(OpsError) in try pm.checkPublishable(Self.number) }?.description.contains("root cause") == true)
    }

    @Test("a security incident is visible to incidents.security holders and named responders only")
    func visibility() {
        let incident = Incident(number: Self.number, title: "t", category: .security, severity: .sev2, securityClass: .malware,
                                detectedAt: Self.monday, declaredAt: Self.monday, declaredBy: "ic")
        func account(_ login: String, _ roles: Set<Role>) -> StaffAccount {
            StaffAccount(id: 1, login: login, displayName: nil, email: nil, team: nil, status: .active, roles: roles, version: 1, createdAt: Self.monday,
                         updatedAt: Self.monday, updatedBy: nil)
        }
        #expect(IncidentAccess.canSee(incident, actor: account("s", [.security]), responders: []))
        #expect(IncidentAccess.canSee(incident, actor: account("sa", [.superAdmin]), responders: []))
        #expect(!IncidentAccess.canSee(incident, actor: account("o", [.ops]), responders: []))
        #expect(!IncidentAccess.canSee(incident, actor: account("a", [.admin]), responders: []))
        #expect(IncidentAccess.canSee(incident, actor: account("o", [.ops]), responders: ["o"]))
        var outage = incident
        outage.category = .outage
        outage.securityClass = nil
        #expect(IncidentAccess.canSee(outage, actor: account("r", [.readonly]), responders: []))
        #expect(IncidentAccess.restrictedLabel(Self.number) == "restricted incident INC-231")
    }
}
