import TermUI

/// The dashboard's boxes that hold rows: `[` and `]` focus one, and the arrows then scroll it
/// when it holds more rows than fit.
public enum HealthBox: Int, CaseIterable, Sendable {
    case services, tiles, host, firing, sources, uptime

    /// Where each box sits in the pane's body (below the header line).
    static func areas(body: Rect) -> [HealthBox: Rect] {
        let rows = body.split(.vertical, [.percent(42), .percent(30), .fill(1)])
        let top = rows[0].split(.horizontal, [.percent(38), .fill(1)])
        let middle = rows[1].split(.horizontal, [.percent(50), .fill(1)])
        let bottom = rows[2].split(.horizontal, [.percent(50), .fill(1)])
        return [.services: top[0], .tiles: top[1], .host: middle[0], .firing: middle[1], .sources: bottom[0], .uptime: bottom[1]]
    }

    /// Lines inside the box for rows (the uptime box spends one on its header).
    static func rowLines(_ box: HealthBox, area: Rect) -> Int {
        max(0, area.height - 2 - (box == .uptime ? 1 : 0))
    }
}

extension DashboardSnapshot.Health {
    /// Down first, then degraded, pending (about to fire), unknown, healthy: the order a box shows
    /// its rows in.
    var rank: Int {
        switch self {
        case .down: 0
        case .degraded: 1
        case .pending: 2
        case .unknown: 3
        case .healthy: 4
        }
    }
}
