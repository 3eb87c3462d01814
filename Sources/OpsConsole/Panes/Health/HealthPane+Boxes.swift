import TermUI

/// Focusing and scrolling the dashboard's boxes: `]`/`[` pick a box, the arrows and page
/// keys scroll it, Esc gives the arrows back to the metric selection.
extension HealthPane {
    /// The boxes `[`/`]` cycle through (the tiles follow the metric selection instead).
    static let focusOrder: [HealthBox] = [.services, .host, .firing, .sources, .uptime]

    func performBoxCommand(_ command: CommandID) -> Bool {
        switch command {
        case .nextBox, .previousBox:
            let order = Self.focusOrder
            guard let current = focusedBox, let i = order.firstIndex(of: current) else {
                focusedBox = command == .nextBox ? order.first : order.last
                return true
            }
            let next = command == .nextBox ? i + 1 : i - 1
            focusedBox = order.indices.contains(next) ? order[next] : nil
            return true
        case .back where focusedBox != nil && !showingDetail:
            focusedBox = nil
            return true
        case .moveDown, .moveUp, .pageDown, .pageUp, .first, .last:
            guard let box = focusedBox, !showingDetail else { return false }
            let lines = boxAreas[box].map { HealthBox.rowLines(box, area: $0) } ?? 0
            let count = rowCount(box)
            let page = max(1, lines - 1)
            let delta = switch command {
            case .moveDown: 1
            case .moveUp: -1
            case .pageDown: page
            case .pageUp: -page
            case .first: -count
            default: count
            }
            boxLists[box, default: BoxList()].scroll(by: delta, count: count, height: lines)
            return true
        default:
            return false
        }
    }

    /// How many rows `box` holds now (tiles in rows of tiles).
    func rowCount(_ box: HealthBox) -> Int {
        switch box {
        case .services: snapshot.services.count
        case .tiles: (snapshot.kpis.count + tileColumns - 1) / max(1, tileColumns)
        case .host: snapshot.gauges.count
        case .firing: snapshot.firing.count
        case .sources: snapshot.sources.count
        case .uptime: snapshot.uptime.count
        }
    }

    /// Tiles per row: three when the tiles box is wide.
    var tileColumns: Int { (boxAreas[.tiles].map { $0.width - 2 } ?? 0) >= 90 ? 3 : 2 }

    /// Lines per tile row: title, value and sparkline, fewer when the box is that short.
    var tileHeight: Int { min(3, max(1, (boxAreas[.tiles]?.height ?? 5) - 2)) }

    /// Keeps the selected tile (or gauge) on screen as the selection moves.
    func revealSelection() {
        if selection < snapshot.kpis.count {
            let lines = boxAreas[.tiles].map { HealthBox.rowLines(.tiles, area: $0) } ?? 0
            boxLists[.tiles, default: BoxList()].reveal(selection / tileColumns, count: rowCount(.tiles), height: lines, rowHeight: tileHeight)
        } else {
            let lines = boxAreas[.host].map { HealthBox.rowLines(.host, area: $0) } ?? 0
            let shown = hostOrder.firstIndex(of: selection - snapshot.kpis.count) ?? 0
            boxLists[.host, default: BoxList()].reveal(shown, count: rowCount(.host), height: lines)
        }
    }

    /// Gauge indices in the order the Host box shows them (worst first).
    var hostOrder: [Int] {
        BoxList.worstFirst(Array(snapshot.gauges.indices)) { snapshot.gauges[$0].health.rank }
    }
}
