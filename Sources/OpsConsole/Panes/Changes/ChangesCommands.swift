import OpsCore

/// The Changes pane's scopes, command ids and key rows (merged into the one command table
/// through its `PaneDescriptor`). Keys the grammar already has keep their verb (`S` state
/// filter, `Y` category filter for the kind, `X` clear, `>` status for the next step of a
/// change set's lifecycle); the change verbs are new keys of the grammar (`Z` review, `<`
/// roll back, `%` rollout step, `~` kill switch, `|` environment filter).
extension CommandScope {
    static let changes = CommandScope("changes", title: "Changes")
    static let changesList = CommandScope("changes.list", title: "Changes: timeline")
    static let changesDetail = CommandScope("changes.detail", title: "Changes: change detail")
}

extension CommandID {
    static let changeAdvance = CommandID("changeAdvance"), changeReview = CommandID("changeReview")
    static let changeRollback = CommandID("changeRollback"), changeRolloutStep = CommandID("changeRolloutStep")
    static let changeKill = CommandID("changeKill")
    static let changeKindFilter = CommandID("changeKindFilter"), changeStatusFilter = CommandID("changeStatusFilter")
    static let changeEnvironmentFilter = CommandID("changeEnvironmentFilter")
}

enum ChangesCommands {
    static let scopes: [CommandScope] = [.changes, .changesList, .changesDetail]

    static let rows: [Command] = [
        Command(.open, keys: [.enter], title: "Details", help: "Open the change under the cursor: a change set's keys with values before and after, rationale, approvals and environments; a flag's versions and rollout step; a deploy's fields; and the alerts that fired in the 30 minutes after it.", scope: .changesList, footer: true),
        Command(.changeKindFilter, keys: [.char("Y")], title: "Category filter", help: "Cycle the kind filter: all, deploy, rollback, config, flag, infra.", scope: .changesList),
        Command(.changeStatusFilter, keys: [.char("S")], title: "State filter", help: "Cycle the status filter: all, pending (open change sets), started, succeeded, failed.", scope: .changesList),
        Command(.changeEnvironmentFilter, keys: [.char("|")], title: "Environment filter", help: "Cycle the configuration environment filter: all, staging, production.", scope: .changesList),
        Command(.clearFilters, keys: [.char("X")], title: "Clear filters", help: "Back to the whole timeline: every service, kind, status and environment.", scope: .changesList),
        Command(.moveDown, keys: [.down, .char("j")], title: "Scroll down", help: "Scroll the change down one line.", scope: .changesDetail),
        Command(.moveUp, keys: [.up, .char("k")], title: "Scroll up", help: "Scroll the change up one line.", scope: .changesDetail),
        Command(.pageDown, keys: [.pageDown, .ctrl("f")], title: "Page down", help: "Scroll the change down one page.", scope: .changesDetail),
        Command(.pageUp, keys: [.pageUp, .ctrl("b")], title: "Page up", help: "Scroll the change up one page.", scope: .changesDetail),
        Command(.changeReview, keys: [.char("Z")], title: "Review", help: "Approve or reject the change set in review, with a reason (four-eyes: never one's own).", scope: .changes, permission: .configApprove, mutating: true, footer: true),
        Command(.changeAdvance, keys: [.char(">")], title: "Status", help: "The change set's next step: apply to staging, verify staging, apply to production (typed confirmation), verify production.", scope: .changes, permission: .configPropose, mutating: true, footer: true),
        Command(.changeRollback, keys: [.char("<")], title: "Roll back", help: "Draft the change set that restores every key this one changed (it is reviewed and applied like any other); asks why, then the set's name typed.", scope: .changes, dangerous: true, formConfirms: true, permission: .configPropose, mutating: true),
        Command(.changeRolloutStep, keys: [.char("%")], title: "Rollout step", help: "Advance the flag's rollout to its next step (1, 5, 25, 50, 100 %).", scope: .changes, dangerous: true, permission: .flagsManage, mutating: true, footer: true),
        Command(.changeKill, keys: [.char("~")], title: "Kill switch", help: "Kill the flag: everyone gets its default variant now; asks for the flag's key typed.", scope: .changes, dangerous: true, formConfirms: true, permission: .flagsManage, mutating: true),
    ]
}
