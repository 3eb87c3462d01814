/// A fine-grained capability checked by the service layer before every action.
/// Names are stable: they appear in JSON output, docs and audit rows.
public enum Permission: String, CaseIterable, Codable, Sendable, Comparable, CustomStringConvertible {
    case usersRead = "users.read"
    case usersManage = "users.manage"
    case rolesAssign = "roles.assign"
    case usersImpersonate = "users.impersonate"
    case auditRead = "audit.read"
    case auditExport = "audit.export"
    case settingsManage = "settings.manage"
    case outboxRead = "outbox.read"
    case outboxDeliver = "outbox.deliver"
    case metricsRead = "metrics.read"
    case collectorRun = "collector.run"
    case rulesManage = "rules.manage"
    case alertsRead = "alerts.read"
    case alertsAck = "alerts.ack"
    case alertsManage = "alerts.manage"
    case silencesManage = "silences.manage"
    case incidentsRead = "incidents.read"
    case incidentsManage = "incidents.manage"
    case incidentsSecurity = "incidents.security"
    case changesRecord = "changes.record"
    case changesRead = "changes.read"
    case deploysRecord = "deploys.record"
    case configPropose = "config.propose"
    case configApprove = "config.approve"
    case flagsManage = "flags.manage"
    case ticketsRead = "tickets.read"
    case ticketsManage = "tickets.manage"
    case customersManage = "customers.manage"
    case billingRead = "billing.read"
    case billingManage = "billing.manage"
    case integrationsManage = "integrations.manage"
    case integrationsReview = "integrations.review"
    case dbAdmin = "db.admin"

    public var description: String { rawValue }

    private static let order: [Permission: Int] = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })

    public static func < (a: Permission, b: Permission) -> Bool {
        order[a, default: 0] < order[b, default: 0]
    }

    /// What holding the permission allows, for `pmops roles show` and the docs.
    public var summary: String {
        switch self {
        case .usersRead: "List and view staff accounts."
        case .usersManage: "Create, edit, deactivate and reactivate staff accounts."
        case .rolesAssign: "Grant and revoke roles (only roles whose permissions you hold)."
        case .usersImpersonate: "Act on behalf of another account with --as (both are audited)."
        case .auditRead: "Read and verify the audit trail."
        case .auditExport: "Export the audit trail (JSONL/CSV)."
        case .settingsManage: "Change settings: retention, mail transport (a maildir), alert grouping; separation-of-duty pairs need super_admin."
        case .outboxRead: "See queued and sent notification emails."
        case .outboxDeliver: "Deliver queued emails."
        case .metricsRead: "View the health dashboard and metrics."
        case .collectorRun: "Run the metrics collector."
        case .rulesManage: "Change alert rules."
        case .alertsRead: "View the alert queue."
        case .alertsAck: "Acknowledge, snooze and annotate alerts."
        case .alertsManage: "Resolve, escalate, assign and close alerts."
        case .silencesManage: "Create and expire silences."
        case .incidentsRead: "View incidents and their timelines."
        case .incidentsManage: "Declare, update and close incidents; postmortems and action items."
        case .incidentsSecurity: "See and work security incidents (others see only \"restricted incident INC-n\" unless named a responder)."
        case .changesRecord: "Record deploys, rollbacks, config, flag and infrastructure changes (CI pipelines)."
        case .changesRead: "View deployments, platform configuration, change sets and feature flags."
        case .deploysRecord: "Report deployments and their components, finish and roll them back (CI pipelines)."
        case .configPropose: "Draft, apply and roll back platform configuration change sets."
        case .configApprove: "Approve or reject another person's configuration change set (never one's own)."
        case .flagsManage: "Create feature flags, change targeting, advance or kill rollouts."
        case .ticketsRead: "View customer escalation tickets."
        case .ticketsManage: "Triage, assign and answer escalation tickets."
        case .customersManage: "Import and update the customer directory."
        case .billingRead: "View billing signals (Stripe webhooks)."
        case .integrationsManage: "Register third-party integrations, record API deprecations and move integrations toward production."
        case .integrationsReview: "Security-review a new integration (never one's own) so it may reach production."
        case .billingManage: "Ingest Stripe events, link Stripe customers to the directory and work disputes and dunning."
        case .dbAdmin: "Migrate, check and back up the database."
        }
    }
}
