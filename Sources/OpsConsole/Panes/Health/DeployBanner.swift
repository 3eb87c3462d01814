import Foundation
import OpsCore
import OpsStore
import TermUI

/// The Health pane's line for a deployment in its health gate ("DEP-12 api 2.4.1 gating
/// 7m left") or one that degraded or failed and was not rolled back (in red, with the
/// rollback command). Only for readers with changes.read; the newest such deployment wins.
public struct DeployBanner: Equatable, Sendable {
    public var deployment: Deployment
    /// Other deployments gating or degraded, named as "+N more".
    public var others: Int

    public init(deployment: Deployment, others: Int = 0) {
        self.deployment = deployment
        self.others = others
    }

    /// A degraded or failed deployment first (it needs someone), else the newest gating one.
    @MainActor static func load(env: ConsoleEnvironment) -> DeployBanner? {
        guard let rows = try? env.store.deploymentBanners(now: env.clock.now(), as: env.actor), !rows.isEmpty else { return nil }
        let first = rows.first { $0.status != .gating } ?? rows[0]
        return DeployBanner(deployment: first, others: rows.count - 1)
    }

    var isAlarm: Bool { deployment.status != .gating }

    func text(now: Date) -> String {
        let d = deployment
        let head = "\(d.number) \(d.service) \(Sanitizer.sanitize(d.version))"
        let more = others > 0 ? "  (+\(others) more)" : ""
        switch d.status {
        case .gating:
            guard let until = d.gateUntil else { return "\(head) gating: the gate opens on the next collector tick\(more)" }
            let left = max(0, until.timeIntervalSince(now))
            return "\(head) gating \(Int((left / 60).rounded(.up)))m left\(more)"
        default:
            let why = d.note.map { " — " + Sanitizer.sanitize($0) } ?? ""
            return "\(head) \(d.status): pmops deploys rollback \(d.number)\(more)\(why)"
        }
    }
}

extension HealthPane {
    /// The banner lines under the header: the incident's, then the deployment's.
    var bannerLines: Int { (snapshot.majorIncident == nil ? 0 : 1) + (snapshot.deployBanner == nil ? 0 : 1) }

    func renderDeployBanner(_ banner: DeployBanner, into buffer: inout ScreenBuffer, area: Rect) {
        let style = env.theme[banner.isAlarm ? .severityCritical : .statusInfo]
        buffer.put(" " + banner.text(now: env.clock.now()), x: area.x, y: area.y, style: style, maxWidth: area.width)
    }
}
