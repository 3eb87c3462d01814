import Foundation

/// `incidents export --format md`: a postmortem a person pastes into a wiki. Untrusted text
/// (titles, notes, change fields, names) goes through `escape`, so a note cannot open a
/// heading, a link, an image, a list, a table cell or raw HTML; control characters become
/// U+FFFD so the file is also safe to `cat`.
public enum IncidentMarkdown {
    /// Backslash-escapes every ASCII punctuation character CommonMark gives a meaning to,
    /// and `&`, `<`, `>` as entities (no raw HTML, whatever the wiki's renderer); newlines become `<br>`-free line breaks inside the item.
    public static func escape(_ text: String) -> String {
        // Plain ASCII letters, digits and spaces are the bulk of a timeline: copy those runs
        // as they are and look at each other scalar once.
        if text.utf8.allSatisfy({ plain[Int($0)] }) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value < 128, plain[Int(scalar.value)] { out.append(scalar); continue }
            switch scalar {
            case "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "+", "-", ".", "!", "|", "=", "~", ":", "\"", "'":
                out.append("\\")
                out.append(scalar)
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\n": out.append(contentsOf: "  \n  ".unicodeScalars)
            case "\t": out.append(" ")
            case "\r": break
            default:
                out.append(Printable.isForbidden(scalar) || Printable.isBidiControl(scalar) ? "\u{FFFD}" : scalar)
            }
        }
        return String(out)
    }

    /// ASCII bytes copied unchanged: letters, digits, space and punctuation with no Markdown meaning.
    private static let plain: [Bool] = (0..<256).map { byte in
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || [0x20, 0x2C, 0x2F, 0x3B, 0x3F, 0x40, 0x25, 0x24, 0x5E].contains(byte)
    }

    public static func render(_ d: IncidentDetail, now: Date) -> String {
        let i = d.incident
        var md: [String] = []
        md.append("# \(i.number): \(escape(i.title))")
        md.append("")
        md.append("| | |")
        md.append("|---|---|")
        md.append("| Severity | \(i.severity) |")
        md.append("| Category | \(i.category)\(i.securityClass.map { " (\($0))" } ?? "") |")
        md.append("| Status | \(i.status) |")
        md.append("| Services | \(i.services.isEmpty ? "-" : i.services.map(escape).joined(separator: ", ")) |")
        md.append("| Customers | \(i.customers.isEmpty ? "-" : i.customers.map(escape).joined(separator: ", ")) |")
        for role in IncidentRole.allCases {
            if let login = d.roles[role] { md.append("| \(role.title.capitalized) | \(escape(login)) |") }
        }
        md.append("| Detected | \(Timestamp.format(i.detectedAt)) |")
        md.append("| Declared | \(Timestamp.format(i.declaredAt)) by \(escape(i.declaredBy)) |")
        if let at = i.acknowledgedAt { md.append("| Acknowledged | \(Timestamp.format(at)) |") }
        if let at = i.mitigatedAt { md.append("| Mitigated | \(Timestamp.format(at)) |") }
        if let at = i.resolvedAt { md.append("| Resolved | \(Timestamp.format(at)) |") }
        if !d.alerts.isEmpty { md.append("| Alerts | \(d.alerts.map(String.init).joined(separator: ", ")) |") }
        if !d.tickets.isEmpty { md.append("| Tickets | \(d.tickets.map(\.description).joined(separator: ", ")) |") }
        md.append("")
        let pm = d.postmortem ?? Postmortem()
        for section in Postmortem.Section.allCases {
            md.append("## \(section.title)")
            md.append("")
            if section == .impact {
                let minutes = pm.minutesAffected ?? i.resolvedAt.map { Int($0.timeIntervalSince(i.detectedAt) / 60) }
                md.append("- Customers affected: \(pm.customersAffected.map(String.init) ?? (i.customers.isEmpty ? "unknown" : String(i.customers.count)))")
                md.append("- Minutes of impact: \(minutes.map(String.init) ?? "unknown")")
                md.append("")
            }
            let text = pm.sections[section] ?? ""
            md.append(text.isEmpty ? "_Not written yet._" : escape(text))
            md.append("")
        }
        md.append("## Key moments")
        md.append("")
        let pinned = d.entries.filter(\.pinned)
        if pinned.isEmpty { md.append("_No entry pinned._") }
        for e in pinned { md.append(line(e)) }
        md.append("")
        if !d.suspects.isEmpty {
            md.append("## Changes before detection")
            md.append("")
            for c in d.suspects {
                md.append("- \(Timestamp.format(c.at)) \(c.kind) \(escape(c.service))\(c.version.map { " " + escape($0) } ?? "") \(c.status) by \(escape(c.by))")
            }
            md.append("")
        }
        if !d.checklist.isEmpty {
            md.append("## Checklist")
            md.append("")
            for c in d.checklist {
                let done = c.doneAt.map { " (\(escape(c.doneBy ?? "")), \(Timestamp.format($0)))" } ?? ""
                md.append("- \(c.doneAt == nil ? "☐" : "☑") \(c.item.title)\(done)")
            }
            md.append("")
        }
        if !d.evidence.isEmpty {
            md.append("## Evidence")
            md.append("")
            for e in d.evidence {
                md.append("- E\(e.id) \(escape(e.name)), \(e.bytes) bytes, SHA\\-256 \(e.sha256), collected by \(escape(e.collectedBy)) at \(Timestamp.format(e.collectedAt)), held by \(escape(e.custodian))")
            }
            md.append("")
        }
        md.append("## Action items")
        md.append("")
        if d.actionItems.isEmpty { md.append("_None._") } else {
            md.append("| # | Action | Owner | Due | Done |")
            md.append("|---|---|---|---|---|")
            for a in d.actionItems {
                md.append("| A\(a.id) | \(escape(a.title)) | \(escape(a.owner)) | \(Timestamp.format(a.dueAt).prefix(10)) | \(a.doneAt.map { String(Timestamp.format($0).prefix(10)) } ?? (a.isOverdue(now: now) ? "overdue" : "open")) |")
            }
        }
        md.append("")
        md.append("## Timeline")
        md.append("")
        for e in d.entries { md.append(line(e)) }
        md.append("")
        md.append("_Exported \(Timestamp.format(now)) by pmops. \(d.entries.count) timeline entries._")
        return md.joined(separator: "\n") + "\n"
    }

    static func line(_ e: IncidentEntry) -> String {
        let pin = e.pinned ? " 📌" : ""
        let ref = e.refersTo.map { " (re #\($0))" } ?? ""
        return "- **\(Timestamp.format(e.at))** \(e.kind)\(pin)\(ref) · \(escape(e.author)): \(escape(e.body))"
    }
}

/// Who may see an incident. A security incident is restricted to holders of
/// incidents.security and its named responders; anyone else with incidents.read sees
/// only "restricted incident INC-n".
public enum IncidentAccess {
    public static func canSee(_ incident: Incident, actor: StaffAccount, responders: Set<String>) -> Bool {
        guard incident.isRestricted else { return true }
        return actor.permissions.contains(.incidentsSecurity) || responders.contains(actor.login)
    }

    /// What a restricted incident shows to someone who may not see it.
    public static func restrictedLabel(_ number: IncidentNumber) -> String { "restricted incident \(number)" }
}
