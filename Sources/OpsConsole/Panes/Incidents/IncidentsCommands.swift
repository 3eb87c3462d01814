import OpsCore

/// The Incidents pane's scopes, command ids and key rows (merged into the one command table
/// through its `PaneDescriptor`). Keys the grammar already has keep their verb (`c` note,
/// `S` state filter, `V` severity filter, `X` clear, `>` status, `&` link, `R` roles, `e`
/// edit); the incident verbs are new keys of the grammar (`=` severity, `#` pin, `-`
/// unlink, `@` evidence, `.` tick, `H` postmortem). `n` declares from the list and adds an
/// action item in the postmortem, where `.` ticks an action item done instead of the
/// checklist; Enter on a timeline entry reads it whole.
extension CommandScope {
    static let incidents = CommandScope("incidents", title: "Incidents")
    static let incidentsList = CommandScope("incidents.list", title: "Incidents: list")
    static let incidentsTimeline = CommandScope("incidents.timeline", title: "Incidents: timeline")
    static let incidentsMove = CommandScope("incidents.move", title: "Incidents: moving")
    static let incidentsPostmortem = CommandScope("incidents.postmortem", title: "Incidents: postmortem")
    static let incidentsEntry = CommandScope("incidents.entry", title: "Incidents: one entry")
}

extension CommandID {
    static let incidentNote = CommandID("incidentNote"), incidentStatus = CommandID("incidentStatus")
    static let incidentSeverity = CommandID("incidentSeverity"), incidentRole = CommandID("incidentRole")
    static let incidentLink = CommandID("incidentLink"), incidentUnlink = CommandID("incidentUnlink")
    static let incidentPin = CommandID("incidentPin"), incidentChecklist = CommandID("incidentChecklist")
    static let incidentEvidence = CommandID("incidentEvidence"), incidentPostmortem = CommandID("incidentPostmortem")
    static let incidentPostmortemEdit = CommandID("incidentPostmortemEdit")
    static let incidentStatusFilter = CommandID("incidentStatusFilter"), incidentSeverityFilter = CommandID("incidentSeverityFilter")
    static let incidentDeclare = CommandID("incidentDeclare")
    static let incidentActionAdd = CommandID("incidentActionAdd"), incidentActionDone = CommandID("incidentActionDone")
}

enum IncidentsCommands {
    static let scopes: [CommandScope] = [.incidents, .incidentsList, .incidentsTimeline, .incidentsMove, .incidentsPostmortem, .incidentsEntry]

    static let rows: [Command] = [
        Command(.open, keys: [.enter], title: "Timeline", help: "Open the incident under the cursor: its header strip (severity, status, roles, SLA and breach clocks) and its timeline.", scope: .incidentsList, footer: true),
        Command(.incidentDeclare, keys: [.char("n")], title: "New", help: "Declare an incident from nothing: title, category, severity and commander (you unless changed); the call `pmops incidents declare` makes, paging its responders.", scope: .incidentsList, permission: .incidentsManage, mutating: true, footer: true),
        Command(.incidentStatusFilter, keys: [.char("S")], title: "State filter", help: "Cycle the status filter: open (active and awaiting a postmortem), each status, all.", scope: .incidentsList),
        Command(.incidentSeverityFilter, keys: [.char("V")], title: "Severity filter", help: "Cycle the severity filter: all, SEV-1, SEV-2, SEV-3, SEV-4.", scope: .incidentsList),
        Command(.clearFilters, keys: [.char("X")], title: "Clear filters", help: "Back to the default list: open incidents of every severity.", scope: .incidentsList),
        Command(.moveDown, keys: [.down, .char("j")], title: "Down", help: "Next incident in the list, next entry on the timeline.", scope: .incidentsMove),
        Command(.moveUp, keys: [.up, .char("k")], title: "Up", help: "Previous incident in the list, previous entry on the timeline.", scope: .incidentsMove),
        Command(.pageDown, keys: [.pageDown, .ctrl("f")], title: "Page down", help: "One page down the list or the timeline.", scope: .incidentsMove),
        Command(.pageUp, keys: [.pageUp, .ctrl("b")], title: "Page up", help: "One page up the list or the timeline.", scope: .incidentsMove),
        Command(.first, keys: [.char("g"), .home], title: "First", help: "The first incident, or the first timeline entry (the declaration).", scope: .incidentsMove),
        Command(.last, keys: [.char("G"), .end], title: "Last", help: "The last incident, or the latest timeline entry.", scope: .incidentsMove),
        Command(.open, keys: [.enter], title: "Full entry", help: "Read the timeline entry under the cursor whole: every line, wrapped and scrollable (Esc back to the timeline).", scope: .incidentsTimeline, footer: true),
        Command(.moveDown, keys: [.down, .char("j")], title: "Scroll down", help: "Scroll the entry down one line.", scope: .incidentsEntry),
        Command(.moveUp, keys: [.up, .char("k")], title: "Scroll up", help: "Scroll the entry up one line.", scope: .incidentsEntry),
        Command(.pageDown, keys: [.pageDown, .ctrl("f")], title: "Page down", help: "Scroll the entry down one page.", scope: .incidentsEntry),
        Command(.pageUp, keys: [.pageUp, .ctrl("b")], title: "Page up", help: "Scroll the entry up one page.", scope: .incidentsEntry),
        Command(.first, keys: [.char("g"), .home], title: "Top", help: "Back to the entry's first line.", scope: .incidentsEntry),
        Command(.incidentPin, keys: [.char("#")], title: "Pin", help: "Pin the timeline entry under the cursor as a key moment (marked ★; pinned entries make the postmortem's timeline excerpt).", scope: .incidentsTimeline, permission: .incidentsManage, mutating: true, footer: true),
        Command(.moveDown, keys: [.down, .char("j")], title: "Scroll down", help: "Scroll the postmortem down one line.", scope: .incidentsPostmortem),
        Command(.moveUp, keys: [.up, .char("k")], title: "Scroll up", help: "Scroll the postmortem up one line.", scope: .incidentsPostmortem),
        Command(.pageDown, keys: [.pageDown, .ctrl("f")], title: "Page down", help: "Scroll the postmortem down one page.", scope: .incidentsPostmortem),
        Command(.pageUp, keys: [.pageUp, .ctrl("b")], title: "Page up", help: "Scroll the postmortem up one page.", scope: .incidentsPostmortem),
        Command(.incidentPostmortemEdit, keys: [.char("e")], title: "Edit", help: "Write one postmortem section (summary, impact, root cause, contributing factors, what went well, what went wrong) once the incident is resolved.", scope: .incidentsPostmortem, permission: .incidentsManage, mutating: true, footer: true),
        Command(.incidentActionAdd, keys: [.char("n")], title: "New", help: "Add an action item: what to do, its owner (an active account) and when it is due (reminded through the outbox).", scope: .incidentsPostmortem, permission: .incidentsManage, mutating: true, footer: true),
        Command(.incidentActionDone, keys: [.char(".")], title: "Tick", help: "Mark an action item done, with who and when (the first open one is offered).", scope: .incidentsPostmortem, permission: .incidentsManage, mutating: true, footer: true),
        Command(.incidentNote, keys: [.char("c")], title: "Note", help: "Add a note to the timeline, written in $VISUAL/$EDITOR when set, else typed here (Ctrl-D adds it).", scope: .incidents, permission: .incidentsManage, mutating: true, footer: true),
        Command(.incidentStatus, keys: [.char(">")], title: "Status", help: "Move the incident to another status (the allowed moves are listed; a refused move names them).", scope: .incidents, permission: .incidentsManage, mutating: true, footer: true),
        Command(.incidentSeverity, keys: [.char("=")], title: "Severity", help: "Change the severity (SEV-1…SEV-4); the acknowledgement and update targets follow.", scope: .incidents, permission: .incidentsManage, mutating: true),
        Command(.incidentRole, keys: [.char("R")], title: "Roles", help: "Name someone in a role: 'tech-lead bob', 'comms-lead carol', 'scribe dan' (a role alone clears it; the commander cannot be cleared).", scope: .incidents, permission: .incidentsManage, mutating: true),
        Command(.incidentLink, keys: [.char("&")], title: "Link", help: "Link an alert (its number, e.g. 12) or a ticket (ESC-n) to the incident.", scope: .incidents, permission: .incidentsManage, mutating: true),
        Command(.incidentUnlink, keys: [.char("-")], title: "Unlink", help: "Unlink an alert (its number) or a ticket (ESC-n) from the incident.", scope: .incidents, permission: .incidentsManage, mutating: true),
        Command(.incidentChecklist, keys: [.char(".")], title: "Tick", help: "Tick an item of the containment or rollback checklist (recorded with who and when).", scope: .incidents, permission: .incidentsManage, mutating: true),
        Command(.incidentEvidence, keys: [.char("@")], title: "Evidence", help: "Add a text evidence item (hashed with SHA-256, collected by you, now); files are added with `pmops incidents evidence add --file`.", scope: .incidents, permission: .incidentsManage, mutating: true),
        Command(.incidentPostmortem, keys: [.char("H")], title: "Postmortem", help: "Read the postmortem: summary, impact, pinned timeline, root cause, contributing factors, what went well and wrong, action items.", scope: .incidents, footer: true),
    ]
}
