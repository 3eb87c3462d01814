import Foundation
import OpsCore
import OpsStore

/// The demo's past incidents: a failed deployment rolled back, an outage from queue alerts,
/// and a security incident (a leaked API key) with containment, evidence, a breach clock met
/// and a published postmortem; plus a fortnight of change events. Each step goes through the
/// named operations with `clock` moved to its moment, so timelines and audit rows read as lived.
extension AppDatabase {
    @discardableResult
    public func seedDemoIncidents(now: Date, clock: ManualClock, as me: ActorContext) throws(OpsError) -> (incidents: Int, changes: Int) {
        guard try incidents(IncidentFilter(statuses: Set(IncidentStatus.allCases)), as: me).isEmpty else { return (0, 0) }
        let staff = try listStaff(StaffFilter(), as: me).filter { $0.isActive && $0.permissions.contains(.incidentsManage) }
        let account = try whoAmI(me)
        func holder(_ role: Role, _ index: Int) -> String {
            let logins = staff.filter { $0.roles.contains(role) }.map(\.login).sorted()
            return logins.isEmpty ? account.login : logins[index % logins.count]
        }
        let ops0 = holder(.ops, 0), ops1 = holder(.ops, 1), ops2 = holder(.ops, 2), sec0 = holder(.security, 0), sec1 = holder(.security, 1)
        let services = ["mta", "api", "webhooks", "dns", "billing"]
        var changes = 0
        for day in 0..<14 {
            for (i, service) in services.enumerated() where (day + i) % 2 == 0 {
                let at = now.addingTimeInterval(-Double(14 - day) * 86_400 + Double(9 + i) * 3_600)
                clock.set(at)
                _ = try recordChange(NewChange(kind: i == 3 ? .config : .deploy, service: service, version: "2026.12.\(day).\(i)", status: .succeeded,
                                               by: "ci", link: "https://ci.penguinmails.example/pipelines/\(4_000 + day * 10 + i)"), as: me)
                changes += 1
            }
        }
        func at(_ daysAgo: Double, _ minutes: Double = 0) -> Date { now.addingTimeInterval(-daysAgo * 86_400 + minutes * 60) }
        func step(_ date: Date) { clock.set(date) }
        let ctx = me
        /// Responders act through --as, as they would on the bridge: their first action acknowledges.
        func by(_ login: String) -> ActorContext { ActorContext(osLogin: account.login, onBehalfOf: login == account.login ? nil : login) }

        // 1. Failed deployment of the API, rolled back.
        step(at(9, 0))
        let bad = try recordChange(NewChange(kind: .deploy, service: "api", version: "2026.12.9-rc2", status: .failed, by: "ci",
                                             link: "https://ci.penguinmails.example/pipelines/4477"), as: by(ops0))
        step(at(9, 4))
        let deploy = try declareIncident(NewIncident(title: "API 5xx after 2026.12.9-rc2 deploy", category: .deployment, severity: .sev2,
                                                     roles: [.commander: ops0, .techLead: ops1, .commsLead: ops2], change: bad.id), as: by(ops0)).number
        step(at(9, 6)); try noteIncident(deploy, kind: .decision, body: "Roll back to 2026.12.8.1 rather than hotfix forward.", as: by(ops0))
        step(at(9, 8)); try tickIncidentChecklist(deploy, item: "freeze-deploys", as: by(ops0))
        step(at(9, 12))
        _ = try recordChange(NewChange(kind: .rollback, service: "api", version: "2026.12.8.1", status: .succeeded, by: ops1), as: ctx)
        try tickIncidentChecklist(deploy, item: "roll-back", as: by(ops0))
        step(at(9, 14)); try setIncidentStatus(deploy, to: .monitoring, as: by(ops0))
        step(at(9, 15)); try noteIncident(deploy, kind: .comms, body: "Status page: API errors resolved after a rollback; monitoring.", as: by(ops0))
        step(at(9, 40)); try tickIncidentChecklist(deploy, item: "verify-rollback", as: by(ops0))
        try setIncidentStatus(deploy, to: .resolved, as: by(ops0))
        step(at(8, 120))
        try editIncidentPostmortem(deploy, sections: [
            .summary: "A release candidate with a connection-pool regression reached production; API error rate 38% for 14 minutes.",
            .impact: "Sends through the API failed with 503; SMTP relay was unaffected.",
            .rootCause: "The pool size default changed from 50 to 5 in a dependency upgrade; canary traffic was too small to show it.",
            .contributing: "Canary stage ran 2 minutes with 1% traffic.",
            .wentWell: "Rollback took 8 minutes from decision.",
            .wentWrong: "The failed deploy was not blocked by the pipeline."], customers: 412, publish: true, as: by(ops0))
        try addIncidentAction(deploy, title: "Block promotion when canary 5xx rate > 1%", owner: ops1, due: at(-5), as: by(ops0))
        try setIncidentStatus(deploy, to: .postmortem, as: by(ops0))
        step(at(7)); try setIncidentStatus(deploy, to: .closed, as: by(ops0))

        // 2. Outage: the MTA queue stalled, from the demo's alerts when there are some.
        step(at(5, 0))
        let alertIDs = try alerts(limit: 3).map(\.id)
        let outage = try declareIncident(NewIncident(title: "Outbound mail queue stalled on mx1", category: .outage, severity: .sev1,
                                                     services: ["mta"], roles: [.commander: ops1, .commsLead: ops2, .scribe: ops0], alerts: alertIDs), as: by(ops1)).number
        step(at(5, 10)); try setIncidentStatus(outage, to: .identified, as: by(ops1))
        try noteIncident(outage, kind: .action, body: "Disk on mx1 full (/var/spool 100%); rotating logs and moving the spool.", as: by(ops1))
        step(at(5, 25)); try setIncidentStatus(outage, to: .monitoring, as: by(ops1))
        step(at(5, 50)); try setIncidentStatus(outage, to: .resolved, as: by(ops1))
        try addIncidentAction(outage, title: "Alert on spool disk at 80%", owner: ops2, due: at(-2), as: by(ops1))

        // 3. Security: an API key leaked in a public repository.
        step(at(3, 0))
        let security = try declareIncident(NewIncident(title: "Customer API key leaked in a public repository", category: .security, severity: .sev2,
                                                       roles: [.commander: sec0, .securityLead: sec1], securityClass: .credentialCompromise), as: by(sec1)).number
        step(at(3, 5)); try tickIncidentChecklist(security, item: "revoke-sessions", as: by(sec1))
        step(at(3, 9)); try tickIncidentChecklist(security, item: "rotate-credentials", as: by(sec1))
        step(at(3, 20))
        try addIncidentEvidence(security, text: "GitHub secret-scanning alert #5521: key pm_live_…9f2c committed 2026-12-04 by a tenant developer.",
                                note: "copied from the GitHub notification", as: by(sec1))
        step(at(3, 45)); try tickIncidentChecklist(security, item: "review-access-logs", as: by(sec1))
        try noteIncident(security, kind: .decision, body: "Key used from 2 unknown IPs to read contact lists: treat as a personal-data breach.", as: by(sec1))
        try recordIncidentBreach(security, as: by(sec1))
        step(at(3, 60)); try tickIncidentChecklist(security, item: "collect-evidence", as: by(sec1))
        step(at(2, 0)); try recordIncidentBreach(security, notified: "Supervisory authority notified via online form, reference DPA-2026-118.", as: by(sec1))
        try setIncidentStatus(security, to: .resolved, as: by(sec1))
        step(at(1, 0))
        try editIncidentPostmortem(security, sections: [
            .summary: "A tenant's live API key was pushed to a public repository and used to read contact lists before it was revoked.",
            .rootCause: "Long-lived API keys without IP restrictions.", .wentWell: "Revoked within 5 minutes of the scanning alert."],
                                   customers: 1, publish: true, as: by(sec1))
        try addIncidentAction(security, title: "Offer IP allow-lists on API keys", owner: sec1, due: at(-10), as: by(sec1))
        clock.set(now)
        return (3, changes + 2)
    }
}
