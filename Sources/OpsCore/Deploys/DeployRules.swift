import Foundation

/// The rules of a deployment's steps, as pure functions over the stored value: the store
/// loads, calls one of these, and writes the result with its audit row and change event.
public enum DeployRules {
    public static let maxComponents = 64

    /// A component name: 1–32 of a-z, 0-9, '-', '_', '.', starting with a letter or digit (api, mta-1).
    public static func componentName(_ raw: String) throws(OpsError) -> String {
        let text = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let ok = (1...32).contains(text.count) && text.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" || $0 == "_" || $0 == "."
        } && text.first.map { $0.isLetter || $0.isNumber } == true
        guard ok else {
            throw .invalid(field: "component", message: "\(Printable.excerpt(raw)) is not a component name; use 1–32 of a-z, 0-9, '-', '_', '.' (such as api or mta-1).")
        }
        return text
    }

    /// Comma-separated component names, each once, at most `maxComponents`.
    public static func componentNames(_ raw: String) throws(OpsError) -> [String] {
        var seen: [String] = []
        for part in raw.split(separator: ",", omittingEmptySubsequences: true) {
            let name = try componentName(String(part))
            if !seen.contains(name) { seen.append(name) }
        }
        if seen.count > maxComponents { throw .invalid(field: "components", message: "\(seen.count) components; the limit is \(maxComponents).") }
        return seen
    }

    /// A pipeline's report of one component. A component not named at `start` joins the
    /// deployment while it is in progress.
    public static func component(_ deployment: Deployment, name: String, to next: ComponentStatus, at: Date) throws(OpsError) -> Deployment {
        guard deployment.status == .inProgress else {
            throw .conflict("\(deployment.number) is \(deployment.status); components are reported while it is in progress (roll one back with 'deploys rollback --component').")
        }
        var result = deployment
        if let index = result.components.firstIndex(where: { $0.name == name }) {
            let current = result.components[index].status
            guard current.allows(next) else {
                throw .conflict("Component \(name) of \(deployment.number) is \(current); it cannot become \(next).")
            }
            result.components[index].status = next
            result.components[index].updatedAt = at
        } else {
            guard result.components.count < maxComponents else {
                throw .invalid(field: "component", message: "\(deployment.number) has \(maxComponents) components already.")
            }
            guard ComponentStatus.pending.allows(next) || next == .pending else {
                throw .conflict("Component \(name) is new to \(deployment.number); report it as deploying, healthy or failed first.")
            }
            result.components.append(Deployment.Component(name: name, status: next, updatedAt: at))
        }
        return result
    }

    /// `finish`: a succeeded report opens the health gate unless a component failed (a
    /// partial deployment, recorded as failed with those components named); a failed
    /// report fails it. A succeeded report with components still moving is refused.
    public static func finish(_ deployment: Deployment, succeeded: Bool, at: Date) throws(OpsError) -> Deployment {
        var result = deployment
        let unsettled = deployment.components.filter { $0.status.isUnsettled }.map(\.name)
        if succeeded, !unsettled.isEmpty {
            throw .conflict("\(deployment.number) cannot finish as succeeded: \(unsettled.joined(separator: ", ")) \(unsettled.count == 1 ? "is" : "are") still pending or deploying; report \(unsettled.count == 1 ? "it" : "them") with 'deploys component' first.")
        }
        let next: DeploymentStatus = succeeded && deployment.failedComponents.isEmpty ? .gating : .failed
        try deployment.status.check(next, deployment.number)
        result.status = next
        result.finishedAt = at
        if next == .failed { result.failedAt = result.failedAt ?? at }
        return result
    }

    /// A rollback, whole (`component` nil) or of one component. A whole rollback marks
    /// every component that was deployed; a component rollback rolls the deployment back
    /// once every deployed component is. Either restores production when it had failed.
    public static func rollback(_ deployment: Deployment, component: String?, at: Date) throws(OpsError) -> Deployment {
        var result = deployment
        if let component {
            guard let index = result.components.firstIndex(where: { $0.name == component }) else {
                let names = deployment.components.map(\.name)
                throw .notFound("\(deployment.number) has no component \(component)\(names.isEmpty ? "" : "; it has \(names.joined(separator: ", "))").")
            }
            let current = result.components[index].status
            guard current.allows(.rolledBack) else {
                throw .conflict("Component \(component) of \(deployment.number) is \(current); it cannot be rolled back.")
            }
            result.components[index].status = .rolledBack
            result.components[index].updatedAt = at
            let deployed = result.components.filter { $0.status != .pending }
            if deployed.allSatisfy({ $0.status == .rolledBack }), deployment.status.allows(.rolledBack) {
                result.status = .rolledBack
            }
        } else {
            try deployment.status.check(.rolledBack, deployment.number)
            result.status = .rolledBack
            for index in result.components.indices where result.components[index].status.allows(.rolledBack) {
                result.components[index].status = .rolledBack
                result.components[index].updatedAt = at
            }
        }
        if result.status == .rolledBack {
            result.finishedAt = result.finishedAt ?? at
            result.failedAt = result.failedAt ?? at
            result.restoredAt = at
            result.gateUntil = nil
        }
        return result
    }

    /// The gate's verdict: `failing` degrades a gating (or healthy) deployment; a gate that
    /// passed its window marks it healthy.
    public static func gate(_ deployment: Deployment, failing: Bool, at: Date) throws(OpsError) -> Deployment {
        var result = deployment
        let next: DeploymentStatus = failing ? .degraded : .healthy
        try deployment.status.check(next, deployment.number)
        result.status = next
        if failing { result.failedAt = result.failedAt ?? at }
        return result
    }
}
