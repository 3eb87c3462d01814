/// Small geometric helpers panes use to place things inside their area.
extension Rect {
    /// A `width` × `height` rectangle centred in this one (offsets rounded down), clipped
    /// to it: where dialogs and "terminal too small" notices go.
    public func centered(width: Int, height: Int) -> Rect {
        let w = Swift.min(Swift.max(0, width), self.width)
        let h = Swift.min(Swift.max(0, height), self.height)
        return Rect(x: x + (self.width - w) / 2, y: y + (self.height - h) / 2, width: w, height: h)
    }

    /// This rectangle split into parts; see `Layout.split`.
    public func split(_ direction: Layout.Direction, _ constraints: [Layout.Constraint]) -> [Rect] {
        Layout.split(self, direction: direction, constraints: constraints)
    }

    /// The rectangle shrunk by separate amounts per side (padding inside a box).
    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        Rect(x: x + left, y: y + top, width: width - left - right, height: height - top - bottom)
    }

    /// The top `n` rows (clipped).
    public func top(_ n: Int) -> Rect { Rect(x: x, y: y, width: width, height: Swift.min(n, height)) }

    /// The bottom `n` rows (clipped).
    public func bottom(_ n: Int) -> Rect {
        let h = Swift.min(Swift.max(0, n), height)
        return Rect(x: x, y: maxY - h, width: width, height: h)
    }
}
