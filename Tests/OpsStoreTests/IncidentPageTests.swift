import Foundation
import OpsCore
@testable import OpsStore
import Testing
import _OpsTestSupport

/// The paged reads the console uses: the list window agrees with `incidents` (active first,
/// restricted as a label), the timeline windows cover every entry once, and a restricted
/// incident's timeline is refused to someone who may not see it.
@Suite("Incident pages")
struct IncidentPageTests {
    @Test("incidentPage windows, concatenated, are the whole list in order; restricted rows are labels")
    func listWindows() throws {
        let w = try IncidentStoreTests.world()
        var numbers: [IncidentNumber] = []
        for i in 0..<7 {
            w.clock.advance(by: 60)
            let security = i == 3
            let n = try w.db.declareIncident(NewIncident(title: "Incident \(i)", category: security ? .security : .outage,
                                                         severity: IncidentSeverity(rawValue: 1 + i % 4) ?? .sev4,
                                                         roles: security ? [.commander: "ic", .securityLead: "sec"] : [.commander: "ic"],
                                                         securityClass: security ? .malware : nil), as: w.actor("ic")).number
            numbers.append(n)
            if i % 2 == 0 { _ = try w.db.setIncidentStatus(n, to: .resolved, as: w.actor("ic")) }
        }
        let reader = w.actor("sup")
        #expect(try w.db.incidentCount(as: reader) == 7)
        var paged: [IncidentListRow] = []
        for offset in stride(from: 0, to: 7, by: 3) { paged += try w.db.incidentPage(offset: offset, limit: 3, as: reader) }
        let active = paged.prefix { $0.isRestricted || $0.incident?.status.isActive == true }
        #expect(active.count == 3)
        #expect(paged.suffix(4).map(\.number) == [numbers[6], numbers[4], numbers[2], numbers[0]])
        #expect(paged.filter(\.isRestricted).map(\.number) == [numbers[3]])
        #expect(try w.db.incidentPage(offset: 0, limit: 10, as: w.actor("sec")).allSatisfy { !$0.isRestricted })
        #expect(try w.db.incidentCount(IncidentFilter(statuses: [.resolved]), as: reader) == 4)
    }

    @Test("incidentEntries windows cover the timeline once; a restricted incident's are refused; overview counts them")
    func timelineWindows() throws {
        let w = try IncidentStoreTests.world()
        let n = try w.db.declareIncident(NewIncident(title: "Long", category: .outage, severity: .sev2, roles: [.commander: "ic"]),
                                         as: w.actor("ic")).number
        for i in 0..<40 { try w.db.noteIncident(n, body: "note \(i)", as: w.actor("ic")) }
        guard case let .full(whole) = try w.db.incident(n, as: w.f.boss) else { throw OpsError.failure("restricted") }
        var paged: [IncidentEntry] = []
        for offset in stride(from: 0, to: whole.entries.count, by: 7) { paged += try w.db.incidentEntries(n, offset: offset, limit: 7, as: w.actor("ro")) }
        #expect(paged == whole.entries)
        let overview = try w.db.incidentOverview(n, as: w.actor("ro"))
        #expect(overview.entries == whole.entries.count)
        if case let .full(d) = overview.view { #expect(d.entries.isEmpty) } else { Issue.record("overview restricted") }

        let secret = try w.db.declareIncident(NewIncident(title: "Leak", category: .security, severity: .sev2,
                                                          roles: [.commander: "ic", .securityLead: "sec"], securityClass: .other),
                                              as: w.actor("ic")).number
        #expect(throws: OpsError.self) { try w.db.incidentEntries(secret, offset: 0, limit: 10, as: w.actor("sup")) }
        #expect(try w.db.incidentOverview(secret, as: w.actor("sup")).view == .restricted(secret))
        #expect(try w.db.incidentEntries(secret, offset: 0, limit: 10, as: w.actor("sec")).count > 0)
    }
}
