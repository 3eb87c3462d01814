/// Splits a rectangle into side-by-side or stacked parts.
///
/// Panes describe their layout as constraints instead of computing offsets, so every
/// screen size gets a consistent arrangement. Rounding is deterministic (cumulative
/// floor), so the parts always tile the space without gaps or overlaps and a golden
/// screen never shifts by a column between runs.
public enum Layout {
    /// Which way the parts are laid out.
    public enum Direction: Hashable, Sendable {
        /// Parts side by side, splitting the width.
        case horizontal
        /// Parts stacked top to bottom, splitting the height.
        case vertical
    }

    /// How much of the length one part asks for.
    public enum Constraint: Hashable, Sendable {
        /// Exactly `n` cells (less only when the space runs out).
        case fixed(Int)
        /// `p` percent of the whole length, rounded down cumulatively.
        case percent(Int)
        /// At least `n` cells; grows like `.fill(1)` when no `.fill` part exists.
        case min(Int)
        /// A share of what is left, proportional to the weight.
        case fill(Int)
    }

    /// The parts of `rect`, one per constraint, in order.
    ///
    /// Fixed, percent and min parts are sized first. If they overflow, parts are shrunk
    /// from the last one backwards (so the leading parts, usually the important ones,
    /// keep their size). Leftover space goes to `.fill` parts by weight, or, when there is
    /// none, to `.min` parts equally; otherwise it stays unused at the end.
    public static func split(_ rect: Rect, direction: Direction, constraints: [Constraint]) -> [Rect] {
        let total = direction == .horizontal ? rect.width : rect.height
        let sizes = sizes(total: total, constraints: constraints)
        var rects: [Rect] = []
        rects.reserveCapacity(sizes.count)
        var offset = 0
        for size in sizes {
            switch direction {
            case .horizontal:
                rects.append(Rect(x: rect.x + offset, y: rect.y, width: size, height: rect.height))
            case .vertical:
                rects.append(Rect(x: rect.x, y: rect.y + offset, width: rect.width, height: size))
            }
            offset += size
        }
        return rects
    }

    /// The length of each part; they add up to at most `total`.
    public static func sizes(total: Int, constraints: [Constraint]) -> [Int] {
        let total = max(0, total)
        var sizes = [Int](repeating: 0, count: constraints.count)
        var percentSoFar = 0
        for (index, constraint) in constraints.enumerated() {
            switch constraint {
            case .fixed(let n), .min(let n):
                sizes[index] = Swift.min(Swift.max(0, n), total)
            case .percent(let p):
                let clamped = Swift.min(100, Swift.max(0, p))
                let before = total * percentSoFar / 100
                percentSoFar = Swift.min(100, percentSoFar + clamped)
                sizes[index] = total * percentSoFar / 100 - before
            case .fill:
                sizes[index] = 0
            }
        }
        var excess = sizes.reduce(0, +) - total
        var index = sizes.count - 1
        while excess > 0 && index >= 0 {
            let cut = Swift.min(excess, sizes[index])
            sizes[index] -= cut
            excess -= cut
            index -= 1
        }
        let leftover = total - sizes.reduce(0, +)
        guard leftover > 0 else { return sizes }
        var weights = constraints.map { constraint -> Int in
            if case .fill(let weight) = constraint { return Swift.min(Swift.max(0, weight), 1_000_000) }
            return 0
        }
        let hasFill = constraints.contains { if case .fill = $0 { return true } else { return false } }
        if hasFill && weights.allSatisfy({ $0 == 0 }) {
            weights = constraints.map { if case .fill = $0 { return 1 } else { return 0 } }
        } else if !hasFill {
            weights = constraints.map { if case .min = $0 { return 1 } else { return 0 } }
        }
        let weightSum = weights.reduce(0, +)
        guard weightSum > 0 else { return sizes }
        var weightSoFar = 0
        for index in sizes.indices where weights[index] > 0 {
            let before = leftover * weightSoFar / weightSum
            weightSoFar += weights[index]
            sizes[index] += leftover * weightSoFar / weightSum - before
        }
        return sizes
    }
}
