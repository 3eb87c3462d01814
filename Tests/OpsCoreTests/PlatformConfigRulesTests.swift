import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// The platform settings registry: value validation per type, cross-key constraints,
/// compliance policies, conflicts between open change sets and the lifecycle.
@Suite("Platform configuration rules")
struct PlatformConfigRulesTests {
    let registry = PlatformRegistry.penguinMails

    @Test("values are normalised to their canonical text", arguments: [
        ("mta.per_ip_daily_limit", " 60_000 ", "60000"),
        ("dkim.key_rotation", "2160h", "90d"),
        ("dkim.key_rotation", "45D", "45d"),
        ("api.webhook_timeout", "30s", "30s"),
        ("dmarc.policy", "Reject", "reject"),
        ("tls.min_version", "1.3", "1.3"),
        ("reputation.auto_suspend", "off", "false"),
        ("mta.helo_hostname", "out.penguinmails.com", "out.penguinmails.com"),
    ])
    func normalises(key: String, typed: String, canonical: String) throws {
        #expect(try registry.schema(key).normalize(typed) == canonical)
    }

    @Test("a value outside its schema names the key, the value and the allowed range", arguments: [
        ("mta.per_ip_daily_limit", "99", "100…2000000"),
        ("mta.per_ip_daily_limit", "lots", "100…2000000"),
        ("mta.per_ip_daily_limit", "99999999999999999999", "100…2000000"),
        ("dkim.key_rotation", "0d", "1d…730d"),
        ("dkim.key_rotation", "90", "1d…730d"),
        ("api.webhook_timeout", "5m", "1s…2m"),
        ("dmarc.policy", "block", "one of none, quarantine, reject"),
        ("tls.min_version", "1.4", "one of 1.0, 1.1, 1.2, 1.3"),
        ("reputation.auto_suspend", "maybe", "true or false"),
        ("mta.helo_hostname", "", "1 to 253 printable characters"),
        ("mta.helo_hostname", "a\u{7}b", "1 to 253 printable characters"),
    ])
    func refusesOutOfSchema(key: String, typed: String, allowed: String) throws {
        let error = opsError { () throws(OpsError) in try registry.schema(key).normalize(typed) }
        #expect(error?.exitCode == 2)
        let text = error?.description ?? ""
        #expect(text.contains(key) && text.contains(allowed), "\(text)")
        if !typed.isEmpty, !typed.contains("\u{7}") { #expect(text.contains(typed), "\(text)") }
    }

    @Test("an unknown key is refused with the nearest keys")
    func unknownKey() {
        let error = opsError { () throws(OpsError) in try registry.schema("dmarc.polcy") }
        #expect(error?.exitCode == 2)
        #expect(error?.description.contains("dmarc.polcy") == true)
        #expect(error?.description.contains("dmarc.policy") == true)
    }

    @Test("the seeded defaults satisfy every rule in both environments")
    func defaultsAreCompliant() {
        for env in ConfigEnvironment.allCases {
            #expect(ConfigRules.evaluate(ConfigView(environment: env, values: registry.defaults, registry: registry)).isEmpty)
        }
    }

    @Test("constraints and policies name the rule and the values", arguments: [
        (ConfigEnvironment.production, ["warmup.day30_cap": "60000"], "warmup-within-ip-limit", "warmup.day30_cap = 60000 exceeds mta.per_ip_daily_limit = 50000"),
        (.staging, ["mta.per_ip_daily_limit": "20000"], "warmup-within-ip-limit", "warmup.day30_cap = 50000 exceeds mta.per_ip_daily_limit = 20000"),
        (.staging, ["warmup.day07_cap": "400"], "warmup-ascending", "warmup.day07_cap = 400 is below warmup.day04_cap = 500"),
        (.production, ["api.burst": "700"], "api-burst-within-rate", "api.burst = 700 exceeds api.rate_limit_per_minute = 600"),
        (.production, ["dmarc.policy": "none"], "dmarc-enforced", "dmarc.policy = none"),
        (.staging, ["tls.min_version": "1.1"], "tls-1.2-minimum", "tls.min_version = 1.1"),
        (.production, ["retention.eu_days": "29"], "eu-retention-30d", "retention.eu_days = 29"),
        (.production, ["dkim.key_bits": "1024"], "dkim-2048", "dkim.key_bits = 1024"),
        (.production, ["reputation.complaint_suspend_bp": "31"], "complaint-ceiling", "reputation.complaint_suspend_bp = 31"),
    ])
    func violations(env: ConfigEnvironment, change: [String: String], rule: String, message: String) throws {
        let values = registry.defaults.merging(change) { $1 }
        let found = ConfigRules.evaluate(ConfigView(environment: env, values: values, registry: registry))
        #expect(found.map(\.rule) == [rule])
        #expect(found.first?.message.contains(message) == true, "\(found)")
        let error = opsError { () throws(OpsError) in try ConfigRules.refuse(found) }
        #expect(error?.description.contains(rule) == true && error?.description.contains(env.rawValue) == true)
    }

    @Test("production-only policies leave staging free", arguments: [
        ["dmarc.policy": "none"], ["dkim.key_bits": "1024"], ["reputation.complaint_suspend_bp": "50"],
    ])
    func stagingOnlyFreedoms(change: [String: String]) {
        let values = registry.defaults.merging(change) { $1 }
        #expect(ConfigRules.evaluate(ConfigView(environment: .staging, values: values, registry: registry)).isEmpty)
    }

    @Test("boundaries hold: equal warm-up and limit, TLS 1.2, 30 days are fine")
    func boundaries() {
        let values = registry.defaults.merging(["warmup.day30_cap": "50000", "mta.per_ip_daily_limit": "50000", "tls.min_version": "1.2",
                                                "retention.eu_days": "30", "api.burst": "600"]) { $1 }
        #expect(ConfigRules.evaluate(ConfigView(environment: .production, values: values, registry: registry)).isEmpty)
    }

    @Test("two open change sets touching the same key are refused naming both keys and the other set")
    func conflicts() {
        let open: [(id: Int64, keys: [String])] = [(3, ["api.burst"]), (7, ["dmarc.policy", "tls.min_version"])]
        let error = opsError { () throws(OpsError) in
            try ConfigLifecycle.checkConflicts(keys: ["tls.min_version", "retention.days"], against: open)
        }
        #expect(error?.exitCode == 5)
        #expect(error?.description.contains("change set 7") == true && error?.description.contains("tls.min_version") == true)
        #expect(opsError { () throws(OpsError) in try ConfigLifecycle.checkConflicts(keys: ["retention.days"], against: open) } == nil)
        #expect(opsError { () throws(OpsError) in try ConfigLifecycle.checkConflicts(keys: ["api.burst"], against: open, except: [3]) } == nil)
    }

    @Test("transitions follow the lifecycle", arguments: [
        (ConfigChangeSet.Status.draft, ConfigChangeSet.Action.submit, ConfigChangeSet.Status.inReview),
        (.inReview, .approve, .approved), (.inReview, .reject, .rejected),
        (.approved, .applyStaging, .stagingApplied), (.stagingApplied, .verifyStaging, .stagingVerified),
        (.stagingVerified, .applyProduction, .productionApplied), (.productionApplied, .verifyProduction, .productionVerified),
        (.stagingApplied, .rollBack, .rolledBack), (.productionVerified, .rollBack, .rolledBack),
    ])
    func allowedTransitions(from: ConfigChangeSet.Status, action: ConfigChangeSet.Action, to: ConfigChangeSet.Status) throws {
        #expect(try ConfigLifecycle.next(from, action, id: 1) == to)
    }

    @Test("an invalid transition names the allowed ones", arguments: [
        (ConfigChangeSet.Status.draft, ConfigChangeSet.Action.approve, "allowed: submit"),
        (.inReview, .applyStaging, "allowed: approve, reject"),
        (.approved, .applyProduction, "allowed: apply --env staging"),
        (.stagingApplied, .applyProduction, "allowed: verify --env staging, rollback"),
        (.rejected, .approve, "it is closed"),
        (.rolledBack, .rollBack, "it is closed"),
    ])
    func invalidTransitions(from: ConfigChangeSet.Status, action: ConfigChangeSet.Action, named: String) {
        let error = opsError { () throws(OpsError) in try ConfigLifecycle.next(from, action, id: 4) }
        #expect(error?.exitCode == 5)
        #expect(error?.description.contains(named) == true, "\(String(describing: error))")
    }

    @Test("nobody reviews their own change set, whatever the letter case")
    func fourEyes() {
        let set = ConfigChangeSet(id: 2, status: .inReview, rationale: "r", impact: nil, author: "ana", approver: nil, rejectReason: nil,
                                  rollbackOf: nil, createdAt: Date(), updatedAt: Date(), items: [])
        #expect(opsError { () throws(OpsError) in try ConfigLifecycle.checkReviewer("ANA", of: set) }?.exitCode == 4)
        #expect(opsError { () throws(OpsError) in try ConfigLifecycle.checkReviewer("bo", of: set) } == nil)
    }

    @Test("a draft needs a rationale, known keys, each once, values in schema")
    func draftValidation() throws {
        func draft(_ rationale: String, _ pairs: [(String, String)]) -> OpsError? {
            opsError { () throws(OpsError) in
                try ConfigLifecycle.validateDraft(rationale: rationale, impact: nil, assignments: pairs.map { (key: $0.0, value: $0.1) },
                                                  environments: ConfigEnvironment.allCases, registry: registry)
            }
        }
        #expect(draft("  ", [("api.burst", "50")])?.fieldErrors.first?.field == "rationale")
        #expect(draft("why", [])?.fieldErrors.first?.field == "values")
        #expect(draft("why", [("api.burst", "50"), ("api.burst", "60")])?.description.contains("twice") == true)
        #expect(draft("why", [("nope.key", "1")])?.fieldErrors.first?.field == "key")
        #expect(draft("why", [("api.burst", "0")])?.fieldErrors.first?.field == "api.burst")
        let items = try ConfigLifecycle.validateDraft(rationale: "why", impact: nil, assignments: [(key: "api.burst", value: "50")],
                                                      environments: ConfigEnvironment.allCases, registry: registry)
        #expect(items.count == 2 && items.allSatisfy { $0.value == "50" })
        #expect(try ConfigLifecycle.assignment("a.b=c=d") == ("a.b", "c=d"))
        #expect(opsError { () throws(OpsError) in try ConfigLifecycle.assignment("=x") }?.exitCode == 2)
    }
}
