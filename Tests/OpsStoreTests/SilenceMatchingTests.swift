import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import Testing
import _OpsTestSupport

/// Silences made the way people make them (from an alert's `alertname`, plus labels) mute
/// rule alerts: rule alerts carry `alertname` = rule name, older rows get it from the
/// migration, the preview counts what the save would mute, and extend is expire plus
/// recreate in one audited transaction.
@Suite("Silence matching")
struct SilenceMatchingTests {
    static func ruleSignal(_ rule: String, labels: [String: String], at: Date) -> AlertSignal {
        AlertSignal(fingerprint: "fp-" + rule + (labels["ip"] ?? ""), rule: rule, labels: labels, severity: .critical,
                    status: .firing, summary: "\(rule) fired", at: at)
    }

    /// (matchers as typed in the form, mutes the blacklist alert?)
    static let cases: [(String, Bool)] = [
        (#"alertname="blacklist_listing""#, true),
        (#"alertname="blacklist_listing", ip="192.0.2.7""#, true),
        (#"alertname="blacklist_listing", service="mta", ip="192.0.2.7""#, true),
        (#"alertname=~"blacklist_.*""#, true),
        (#"alertname="blacklist_listing", ip="192.0.2.8""#, false),
        (#"alertname="queue_depth_critical""#, false),
        (#"alertname="blacklist_listing", team="billing""#, false),
    ]

    @Test("a silence from the form's alertname matcher mutes the rule alert", arguments: cases)
    func silenceMutesRuleAlert(matchers: String, mutes: Bool) throws {
        let f = try StoreFixture()
        let now = f.clock.now()
        let alert = try f.db.upsertAlert(Self.ruleSignal("blacklist_listing", labels: ["ip": "192.0.2.7", "service": "mta"], at: now)).alert
        #expect(alert.labels["alertname"] == "blacklist_listing", "rule alerts carry alertname")
        let parsed = try LabelMatcher.parseList(matchers)
        let preview = try f.db.silenceMatches(parsed, as: f.boss)
        let (_, muted) = try f.db.addSilence(matchers: parsed, endsAt: now + 3600, comment: "planned", as: f.boss)
        #expect(muted == (mutes ? 1 : 0))
        #expect(preview.count == muted, "the preview counts what the save mutes")
        #expect(preview.sample.map(\.id) == (mutes ? [alert.id] : []))
    }

    @Test("alertname comes from the rule unless the source set one; Alertmanager's labels stay exact")
    func alertnameSource() {
        let at = Date(timeIntervalSince1970: 0)
        #expect(Self.ruleSignal("r1", labels: [:], at: at).labels == ["alertname": "r1"])
        #expect(Self.ruleSignal("r1", labels: ["alertname": "own"], at: at).labels["alertname"] == "own")
        let am = AlertSignal(fingerprint: "am:1", rule: "(no alertname)", source: "alertmanager", labels: ["job": "x"],
                             severity: .warning, firing: true, summary: "s", startsAt: at)
        #expect(am.labels == ["job": "x"])
        #expect(am.fingerprint == "am:1")
    }

    @Test("the migration gives stored rule alerts their alertname and keeps every other row as it was")
    func migrationBackfills() throws {
        let dir = try TemporaryDirectory("pmops-alertnames")
        let queue = try DatabaseQueue(path: dir.file("s.sqlite"))
        try Schema.migrator.migrate(queue, upTo: "2026-12-07-personal-keys")
        let insert = """
            INSERT INTO alert (fingerprint, rule, source, labels, severity, status, summary, starts_at, last_seen_at, state)
            VALUES (?, ?, ?, ?, 'critical', 'firing', 'x', '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', 'open')
            """
        try queue.write { db in
            try db.execute(sql: insert, arguments: ["a", "blacklist_listing", "rules", #"{"ip":"192.0.2.7","service":"mta"}"#])
            try db.execute(sql: insert, arguments: ["b", "cpu_busy", "rules", #"{"alertname":"kept"}"#])
            try db.execute(sql: insert, arguments: ["c", "(no alertname)", "alertmanager", #"{"job":"x"}"#])
            try db.execute(sql: insert, arguments: ["d", "absent", "rules", "{}"])
        }
        try Schema.migrator.migrate(queue)
        let labels = try queue.read { db in try String.fetchAll(db, sql: "SELECT labels FROM alert ORDER BY id") }
        #expect(labels == [#"{"alertname":"blacklist_listing","ip":"192.0.2.7","service":"mta"}"#, #"{"alertname":"kept"}"#,
                           #"{"job":"x"}"#, #"{"alertname":"absent"}"#])
        #expect(labels[0] == JSONValue.canonical(["alertname": "blacklist_listing", "ip": "192.0.2.7", "service": "mta"]),
                "backfilled labels are in the canonical form new rows are written in")
        let fingerprints = try queue.read { db in try String.fetchAll(db, sql: "SELECT fingerprint FROM alert ORDER BY id") }
        #expect(fingerprints == ["a", "b", "c", "d"], "fingerprints never change")
    }

    @Test("extend expires the silence and recreates it with the same matchers; its alerts stay muted; one audit row")
    func extendSilence() throws {
        let f = try StoreFixture()
        let now = f.clock.now()
        let alert = try f.db.upsertAlert(Self.ruleSignal("blacklist_listing", labels: ["ip": "192.0.2.7"], at: now)).alert
        let (old, muted) = try f.db.addSilence(matchers: try LabelMatcher.parseList(#"alertname="blacklist_listing""#),
                                               endsAt: now + 3600, comment: "delisting requested", as: f.boss)
        #expect(muted == 1)
        f.clock.advance(by: 600)
        let fresh = try f.db.extendSilence(id: old.id, until: now + 7200, as: f.boss)
        #expect(fresh.id != old.id)
        #expect(fresh.matchers == old.matchers)
        #expect(fresh.comment == old.comment)
        #expect(fresh.endsAt == now + 7200)
        let active = try f.db.silences(as: f.boss)
        #expect(active.map(\.id) == [fresh.id], "the old silence ended")
        #expect(try f.db.alertDetail(id: alert.id, as: f.boss).alert.silenceID == fresh.id)
        #expect(try f.db.auditEntries(AuditFilter(action: "silence.extend"), as: f.boss).map(\.target) == ["silence:\(old.id)"])
        #expect(opsError { () throws(OpsError) in try f.db.extendSilence(id: old.id, until: now + 9000, as: f.boss) }?.exitCode == 5)
        #expect(opsError { () throws(OpsError) in try f.db.extendSilence(id: 999, until: now + 9000, as: f.boss) }?.exitCode == 3)
        #expect(opsError { () throws(OpsError) in try f.db.extendSilence(id: fresh.id, until: now, as: f.boss) }?.exitCode == 2)
        #expect(opsError { () throws(OpsError) in try f.db.extendSilence(id: fresh.id, until: now + 100 * 86_400, as: f.boss) }?.exitCode == 2)
        try f.add("sam", [.support])
        #expect(opsError { () throws(OpsError) in try f.db.extendSilence(id: fresh.id, until: now + 9000, as: f.actor("sam")) }?.exitCode == 4)
    }
}
