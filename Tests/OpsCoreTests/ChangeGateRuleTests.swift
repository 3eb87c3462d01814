import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// How a flag or a configuration key names its health gate (`flag` and `config` lines in a
/// deploy config stanza), the pattern table, and the rollout refusal while a gate failed.
@Suite("Change gates: stanzas, patterns, refusal")
struct ChangeGateRuleTests {
    static let config = """
        service api
          window 10m
          rule   gate_error_ratio > 0.05
          flag   checkout-*, api-cache
          config api.*
        service platform-config
          window 5m
          rule   gate_error_ratio > 0.2
          config *
        service mta
          rule pm_bounce_percent > 5
          flag smtp-pipelining
          config mta.per_ip_daily_limit, warmup.*
        """

    @Test("flag and config lines name what a stanza judges; every stanza naming it judges it")
    func lookup() throws {
        let config = try DeployConfig.parse(Self.config, file: "deploys")
        #expect(config["api"]?.flags == ["checkout-*", "api-cache"] && config["api"]?.configKeys == ["api.*"])
        #expect(config.gates(forFlag: "checkout-v2").map(\.service) == ["api"])
        #expect(config.gates(forFlag: "api-cache").map(\.service) == ["api"])
        #expect(config.gates(forFlag: "api-cache-2").isEmpty)
        #expect(config.gates(forFlag: "smtp-pipelining").map(\.service) == ["mta"])
        #expect(config.gates(forConfigKeys: ["api.burst"]).map(\.service) == ["api", "platform-config"])
        #expect(config.gates(forConfigKeys: ["warmup.day07_cap", "dmarc.policy"]).map(\.service) == ["mta", "platform-config"])
        #expect(config.gates(forConfigKeys: []).isEmpty)
    }

    @Test("patterns", arguments: [
        ("checkout-*", "checkout-v2", true), ("checkout-*", "checkout-", true), ("checkout-*", "checkou", false),
        ("api.burst", "api.burst", true), ("api.burst", "api.burst2", false), ("*", "anything.at.all", true),
    ])
    func patterns(pattern: String, key: String, matches: Bool) {
        #expect(ChangeGatePattern.isValid(pattern))
        #expect(ChangeGatePattern.matches(pattern, key) == matches)
    }

    @Test("bad flag and config lines are refused at their line", arguments: ["flag", "config", "flag a*b", "config API.*", "flag checkout-*-v2", "config x y"])
    func badLines(line: String) {
        let error = opsError { () throws(OpsError) in try DeployConfig.parse("service api\n  \(line)\n", file: "deploys") }
        #expect(error?.description.contains("deploys:2") == true, "\(String(describing: error))")
        #expect(error?.description.contains("KEY[,KEY…]") == true)
    }

    @Test("a rollout step is refused while the flag's latest gate failed, with the reason and the way out; otherwise allowed")
    func refusal() {
        let at = Date(timeIntervalSince1970: 1_795_000_000)
        let failed = ChangeGate(id: 3, subject: .flag(key: "checkout-v2", step: 5), status: .failed, gates: ["api"], openedAt: at,
                                closedAt: at, note: "health gate failed: api: gate_error_ratio > 0.05 (at 0.2)")
        let error = opsError { () throws(OpsError) in try ChangeGateRules.checkRolloutStep(flag: "checkout-v2", latest: failed) }
        #expect(error?.description.hasPrefix("A rollout step while a gate is failing: the health gate of flag checkout-v2 at 5 % failed") == true)
        #expect(error?.description.contains("gate_error_ratio > 0.05 (at 0.2)") == true)
        #expect(error?.description.contains("pmops flags kill checkout-v2") == true)
        for status in ChangeGate.Status.allCases where status != .failed {
            var other = failed
            other.status = status
            #expect(opsError { () throws(OpsError) in try ChangeGateRules.checkRolloutStep(flag: "checkout-v2", latest: other) } == nil)
        }
        #expect(opsError { () throws(OpsError) in try ChangeGateRules.checkRolloutStep(flag: "checkout-v2", latest: nil) } == nil)
    }
}
