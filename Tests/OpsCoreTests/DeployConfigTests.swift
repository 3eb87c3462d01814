import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// The operator's deploy config: stanzas, every error as file:line, the 1 MiB cap, the
/// placeholders of the rollback command, and the ownership rules of the file.
@Suite("Deploy config")
struct DeployConfigTests {
    static let sample = """
        # gates
        service api
          window        10m
          rule          rate(http_errors_total{service="api"}[5m]) > 0.05
          rule          http_p99_seconds > 0.8
          probe         api-health,api-tcp
          auto-rollback yes
          rollback      /usr/local/bin/deploy-api --version {previous} "--note=rollback of {deployment}"
          timeout       2m

        service mta
          window 30m
          rule pm_bounce_percent > 5
        """

    @Test("a full file parses into stanzas with defaults")
    func parses() throws {
        let config = try DeployConfig.parse(Self.sample, file: "deploys")
        let api = try #require(config["api"])
        #expect(api.window == 600 && api.timeout == 120 && api.autoRollback && api.probes == ["api-health", "api-tcp"])
        #expect(api.rules.map(\.line) == [4, 5] && api.rules[0].expression == "rate(http_errors_total{service=\"api\"}[5m]) > 0.05")
        #expect(api.rollbackArguments(service: "api", version: "2.4.1", previous: "2.4.0", deployment: DeploymentNumber(12))
            == ["/usr/local/bin/deploy-api", "--version", "2.4.0", "--note=rollback of DEP-12"])
        let mta = try #require(config["mta"])
        #expect(mta.window == 1_800 && !mta.autoRollback && mta.rollback == nil && mta.timeout == DeployConfig.defaultTimeout)
    }

    @Test("a placeholder value never becomes more words")
    func placeholders() throws {
        let gate = try #require(try DeployConfig.parse("service x\n rollback /bin/echo {version}\n")["x"])
        #expect(gate.rollbackArguments(service: "x", version: "1 --force; rm -rf /", previous: nil, deployment: DeploymentNumber(1))
            == ["/bin/echo", "1 --force; rm -rf /"])
    }

    static let errors: [(String, String)] = [
        ("window 10m\n", "Invalid f:1: 'window' needs a 'service NAME' line"),
        ("service api\n  window 0s\n", "Invalid f:2: window is a duration above zero"),
        ("service api\n  window 2d\n", "at most 1 day"),
        ("service api\n  colour blue\n", "'colour' is not a deploy config key"),
        ("service api\n  auto-rollback maybe\n", "auto-rollback is yes or no"),
        ("service api\n  rollback deploy.sh --back\n", "must be an absolute path"),
        ("service api\n  rollback /bin/x 'open\n", "a single quote (') is not closed"),
        ("service api\n  auto-rollback yes\n", "Invalid f:1: auto-rollback yes needs a 'rollback COMMAND' line"),
        ("service API!\n", "write: service NAME"),
        ("service api\nservice api\n", "the service api has two stanzas"),
        ("service api\n  rule\n", "write: rule EXPRESSION"),
        ("service api\n  probe \u{1B}[31m\n", "control or escape characters"),
        ("service api\n  rollback /bin/a\n  rollback /bin/b\n", "already has a rollback command"),
    ]

    @Test("errors name file and line", arguments: errors)
    func errorsNameLines(_ text: String, _ expected: String) {
        let error = opsError { () throws(OpsError) in try DeployConfig.parse(text, file: "f") }
        #expect(error?.exitCode == 2)
        let message = error?.description ?? ""
        #expect(message.contains(expected), "\(message)")
    }

    @Test("the parser caps a file at 1 MiB")
    func cap() {
        let big = "service api\n" + String(repeating: "# padding padding padding\n", count: 50_000)
        let error = opsError { () throws(OpsError) in try DeployConfig.parse(big, file: "f") }
        #expect(error?.description.contains("over the 1048576-byte limit") == true)
    }

    @Test("resolution: flag > environment > XDG > HOME")
    func resolution() {
        #expect(DeployConfigFile.resolve(commandLine: "/a", environment: ["PMOPS_DEPLOY_CONFIG": "/b"]) == DeployConfigFile(path: "/a", explicit: true))
        #expect(DeployConfigFile.resolve(commandLine: nil, environment: ["PMOPS_DEPLOY_CONFIG": "/b", "HOME": "/h"]) == DeployConfigFile(path: "/b", explicit: true))
        #expect(DeployConfigFile.resolve(commandLine: nil, environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"])?.path == "/x/pmops/deploys")
        #expect(DeployConfigFile.resolve(commandLine: nil, environment: ["HOME": "/h"]) == DeployConfigFile(path: "/h/.config/pmops/deploys", explicit: false))
        #expect(DeployConfigFile.resolve(commandLine: nil, environment: [:]) == nil)
    }

    @Test("the file must be a regular file the user owns that nobody else can write")
    func ownership() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/deploys"
        try "service api\n  window 5m\n".write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o600)
        #expect(try DeployConfigFile(path: path, explicit: true).load()["api"]?.window == 300)
        chmod(path, 0o666)
        let writable = opsError { () throws(OpsError) in try DeployConfigFile(path: path, explicit: true).load() }
        #expect(writable?.exitCode == 4 && writable?.description.contains("others can write to it") == true)
        chmod(path, 0o620)
        #expect(opsError { () throws(OpsError) in try DeployConfigFile(path: path, explicit: true).load() }?.exitCode == 4)
        chmod(path, 0o600)
        let other = opsError { () throws(OpsError) in try DeployConfigFile(path: path, explicit: true).load(uid: geteuid() + 1) }
        #expect(other?.description.contains("belongs to uid") == true)
        let link = dir.path + "/link"
        symlink(path, link)
        #expect(opsError { () throws(OpsError) in try DeployConfigFile(path: link, explicit: true).load() }?.description.contains("not a regular file") == true)
        #expect(opsError { () throws(OpsError) in try DeployConfigFile(path: dir.path + "/none", explicit: true).load() }?.exitCode == 3)
        #expect(try DeployConfigFile(path: dir.path + "/none", explicit: false).load() == DeployConfig())
    }
}
