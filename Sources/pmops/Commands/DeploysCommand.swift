import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops deploys …`: deployments as pipelines report them, their health gate, rollback
/// (whole or per component), the incident they caused, and DORA figures by service.
struct DeploysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploys", abstract: "Deployments: report from pipelines, health gate, rollback, DORA stats.",
        discussion: """
            A pipeline reports: start → component (each) → finish. After finish the deployment is gating: the collector \
            judges the service's health gate from the operator's deploy config (--deploy-config on 'collect', \
            $PMOPS_DEPLOY_CONFIG, else ~/.config/pmops/deploys; never the database) and marks it healthy or degraded, \
            raising an alert and, when the service enables it, running its rollback command. Every step writes a change event.
            """,
        subcommands: [Start.self, Component.self, Finish.self, Rollback.self, LinkIncident.self, List.self, Show.self, Stats.self,
                      CheckConfig.self])

    static func summary(_ d: Deployment) -> String {
        "\(d.number) \(d.service) \(CLI.safe(d.version)) \(d.status)"
    }

    static func printResult(_ d: Deployment, json: Bool) throws {
        if json { return try CLI.printJSON(DeploymentJSON(d)) }
        print(summary(d) + (d.note.map { " — " + CLI.safe($0) } ?? ""))
        if d.status == .failed, !d.failedComponents.isEmpty {
            print("Partial deployment: \(d.failedComponents.joined(separator: ", ")) failed. Roll back one with 'pmops deploys rollback \(d.number) --component NAME', or all without --component.")
        }
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Report a deployment starting; prints its number (DEP-n).")
        @OptionGroup var store: StoreOptions
        @Option(help: "The service deployed (a-z, 0-9, '-', '_', '.').") var service: String
        @Option(help: "The version deployed.") var version: String
        @Option(name: .customLong("component"), help: "Its components, comma-separated (api,mta-1,web); more may be reported later.") var components: [String] = []
        @Option(help: "An http(s) link to the pipeline run.") var link: String?
        @Option(help: "Who deploys (default: you).") var by: String?
        @Option(help: "When it started (UTC time or an age such as 5m; default: now).") var at: String?
        @Option(name: .customLong("commit-at"), help: "When the commit was made (UTC time or an age), for lead time.") var commitAt: String?
        @OptionGroup var output: JSONOutput

        func deployment(now: Date) throws(OpsError) -> NewDeployment {
            let service = try IncidentValidation.name(service, field: "service")
            let version = try IncidentValidation.version(version)
            let components = try DeployRules.componentNames(components.joined(separator: ","))
            let link = try link.map { (text) throws(OpsError) in try IncidentValidation.link(text) }
            let by = try by.map { (text) throws(OpsError) in try IncidentValidation.actor(text) }
            let at = try at.map { (text) throws(OpsError) in try InputLimits.ago(text, field: "at", now: now) }
            let commit = try commitAt.map { (text) throws(OpsError) in try InputLimits.ago(text, field: "commit-at", now: now) }
            return NewDeployment(service: service, version: version, components: components, link: link, by: by, at: at, commitAt: commit)
        }
        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try deployment(now: Date()) } }
        func run() throws {
            let db = try store.open()
            let d = try db.startDeployment(try deployment(now: db.clock.now()), as: store.actor)
            if output.json { return try CLI.printJSON(DeploymentJSON(d)) }
            print(d.number.description)
        }
    }

    struct Component: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Report one component's state: deploying, healthy or failed.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The deployment (DEP-12).") var deployment: String
        @Argument(help: "The component (api, mta-1, web…).") var component: String
        @Option(help: "deploying, healthy or failed.") var status: String
        @OptionGroup var output: JSONOutput
        func parsed() throws(OpsError) -> (DeploymentNumber, String, ComponentStatus) {
            let number = try DeploymentNumber.parse(deployment)
            let name = try DeployRules.componentName(component)
            guard let state = ComponentStatus(rawValue: status.lowercased()), [.deploying, .healthy, .failed].contains(state) else {
                throw .invalid(field: "status", message: "\(Printable.excerpt(status)) is not a component report; use deploying, healthy or failed.")
            }
            return (number, name, state)
        }
        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try parsed() } }
        func run() throws {
            let (number, name, state) = try parsed()
            try DeploysCommand.printResult(try store.open().reportComponent(number, component: name, status: state, as: store.actor), json: output.json)
        }
    }

    struct Finish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report the end of a deployment: succeeded opens the health gate (a failed component makes it a failed, partial deployment).")
        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp("The deployment (DEP-12).", valueName: "id")) var deployment: String
        @Option(help: "succeeded or failed.") var result = "succeeded"
        @OptionGroup var output: JSONOutput
        func parsed() throws(OpsError) -> (DeploymentNumber, Bool) {
            let number = try DeploymentNumber.parse(deployment)
            switch result.lowercased() {
            case "succeeded": return (number, true)
            case "failed": return (number, false)
            default: throw .invalid(field: "result", message: "\(Printable.excerpt(result)) is not a result; use succeeded or failed.")
            }
        }
        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try parsed() } }
        func run() throws {
            let (number, ok) = try parsed()
            try DeploysCommand.printResult(try store.open().finishDeployment(number, succeeded: ok, as: store.actor), json: output.json)
        }
    }

    struct Rollback: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report a rollback, whole or of one component (--component); --result failed records a rollback that did not work.")
        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp("The deployment (DEP-12).", valueName: "id")) var deployment: String
        @Option(help: "Roll back only this component.") var component: String?
        @Option(help: "succeeded or failed.") var result = "succeeded"
        @Option(help: "Why (recorded in the audit trail).") var reason: String?
        @OptionGroup var output: JSONOutput
        func parsed() throws(OpsError) -> (DeploymentNumber, String?, Bool) {
            let number = try DeploymentNumber.parse(deployment)
            let name = try component.map { (text) throws(OpsError) in try DeployRules.componentName(text) }
            if let reason { _ = try IncidentValidation.reason(reason, field: "reason") }
            switch result.lowercased() {
            case "succeeded": return (number, name, true)
            case "failed": return (number, name, false)
            default: throw .invalid(field: "result", message: "\(Printable.excerpt(result)) is not a result; use succeeded or failed.")
            }
        }
        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try parsed() } }
        func run() throws {
            let (number, name, ok) = try parsed()
            let d = try store.open().rollbackDeployment(number, component: name, succeeded: ok, reason: reason, as: store.actor)
            try DeploysCommand.printResult(d, json: output.json)
        }
    }

    struct LinkIncident: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "link-incident", abstract: "Link a deployment to an incident it caused (a security issue found after the deploy).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The deployment (DEP-12).") var deployment: String
        @Argument(help: "The incident (INC-7).") var incident: String
        @OptionGroup var output: JSONOutput
        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                _ = try DeploymentNumber.parse(deployment)
                _ = try IncidentNumber.parse(incident)
            }
        }
        func run() throws {
            let d = try store.open().linkDeploymentIncident(try DeploymentNumber.parse(deployment), incident: try IncidentNumber.parse(incident), as: store.actor)
            if output.json { return try CLI.printJSON(DeploymentJSON(d)) }
            print("Linked \(d.number) to \(try IncidentNumber.parse(incident)).")
        }
    }
}
