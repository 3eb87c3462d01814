import Foundation
import OpsCore
import OpsStore

/// The deploy config `pmops demo` writes beside its store (as it does its maildir), so the
/// demo's in-process collector judges today's seeded api release in a real gate window (the
/// Health pane's gating banner and countdown) and gates configuration change sets and the
/// checkout flags the way an operator's file would. Owned by the demo's user, mode 0600: the
/// same rules as any deploy config. No stanza runs a program.
public enum DemoDeployConfig {
    public static let text = """
        # pmops demo: deploy health gates (written beside the demo store; edit freely).
        # Stanzas judge deployments of a service, and the flags and configuration keys they name.
        service api
          window 10m
          rule   rate(http_errors_total{service="api"}[5m]) > 0.05
          probe  demo
          flag   checkout-*, api-*
        service mta
          window 30m
          rule   pm_bounce_percent > 5
          flag   smtp-*
        service platform-config
          window 5m
          rule   pm_bounce_percent > 5
          config mta.*, warmup.*, reputation.*
        service web
          window 10m

        """

    /// Writes the file at `path` unless one is there (an edited file is kept); returns it.
    public static func ensure(at path: String) throws(OpsError) -> DeployConfigFile {
        if !FileManager.default.fileExists(atPath: path) {
            let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw .failure("Cannot write the demo deploy config \(Printable.quote(path)): \(String(cString: strerror(errno))).") }
            let bytes = Array(text.utf8)
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            guard written == bytes.count else { throw .failure("Cannot write the demo deploy config \(Printable.quote(path)).") }
        }
        return DeployConfigFile(path: path, explicit: true)
    }
}

extension AppDatabase {
    /// The demo's history happened before its collector ran: the health-gate watches its
    /// seeded rollout steps and applies opened are passed, as the collector would have.
    func passDemoGates(at: Date) throws(OpsError) {
        for gate in try openChangeGates() { try passChangeGate(gate.id, note: "demo history", verify: false, at: at) }
    }
}
