/// Every action a key, a mouse click or the palette can trigger.
public enum CommandID: String, CaseIterable, Sendable {
    // Global
    case quit, help, palette, redraw, nextPane, previousPane, back
    case pane1, pane2, pane3, pane4, pane5
    // Lists
    case moveUp, moveDown, pageUp, pageDown, first, last, open, filter
    // Users pane
    case userCreate, userEdit, userRoles, userDeactivate, userReactivate
    case cycleStatusFilter, cycleRoleFilter, clearFilters, showAudit, showOutbox, verifyAudit
    // Health dashboard
    case nextWindow, previousWindow, moveLeft, moveRight
    // Alert queue
    case alertMark, alertAck, alertResolve, alertEscalate, alertSilence, alertSnooze, alertFalsePositive
    case alertAssign, alertNote, alertGroups, alertSortNext, alertSortReverse
    case alertSeverityFilter, alertStateFilter, alertTeamFilter, alertMineFilter, alertSilencedFilter, alertBell
    // Forms and dialogs
    case formSubmit, formNextField, formPreviousField, formToggle, formCancel
}

/// Where a binding applies. Resolution tries the most specific scope first:
/// the focused view, then its pane, then global.
public enum CommandScope: String, CaseIterable, Sendable, Comparable {
    case global
    case list
    case health
    case healthDetail = "health.detail"
    case users = "users"
    case usersList = "users.list"
    case usersDetail = "users.detail"
    case usersAudit = "users.audit"
    case alerts = "alerts"
    case alertsQueue = "alerts.queue"
    case alertsDetail = "alerts.detail"
    case form
    case dialog

    public var title: String {
        switch self {
        case .global: "Everywhere"
        case .list: "Lists and tables"
        case .health: "Health dashboard"
        case .healthDetail: "Health dashboard: metric detail"
        case .users: "User admin"
        case .usersList: "User admin: staff list"
        case .usersDetail: "User admin: account detail"
        case .usersAudit: "User admin: audit trail"
        case .alerts: "Alert queue"
        case .alertsQueue: "Alert queue: list"
        case .alertsDetail: "Alert queue: alert detail"
        case .form: "Forms"
        case .dialog: "Dialogs"
        }
    }

    private static let order: [CommandScope: Int] = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
    public static func < (a: CommandScope, b: CommandScope) -> Bool { order[a, default: 0] < order[b, default: 0] }
}
