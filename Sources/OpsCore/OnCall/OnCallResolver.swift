import Foundation

/// The final schedule of one schedule and its overrides: who is on call at an instant, the
/// shifts over a range, the next N shifts, the gaps. Built once per read; the queries are
/// pure arithmetic (no calendar, no allocation for `onCall(at:)`).
public struct OnCallResolver: Sendable {
    public let schedule: OnCallSchedule
    public let zone: ZoneClock
    /// Highest priority first.
    let layers: [OnCallSchedule.Layer]
    /// Newest first: the first that matches wins.
    let overrides: [OnCallOverride]

    public init(_ schedule: OnCallSchedule, overrides: [OnCallOverride] = [], zone: ZoneClock? = nil) throws(OpsError) {
        guard let zone = zone ?? ZoneClock.shared(schedule.timeZone) else {
            throw .invalid(field: "time zone", message: "\(Printable.excerpt(schedule.timeZone)) is not an IANA time zone (e.g. Europe/Berlin).")
        }
        self.schedule = schedule
        self.zone = zone
        layers = schedule.layers.enumerated().sorted { ($0.element.priority, -$0.offset) > ($1.element.priority, -$1.offset) }.map(\.element)
        self.overrides = overrides.filter { $0.schedule == schedule.name && $0.end > $0.start }.sorted { $0.id > $1.id }
    }

    /// Who is on call at an instant, or nil.
    public struct Answer: Sendable, Equatable {
        public var login: String
        public var layer: String
        /// Whom they cover, when an override put them there.
        public var covering: String?
    }

    public func onCall(at date: Date) -> Answer? {
        let t = Int64(date.timeIntervalSince1970.rounded(.down))
        guard let base = layerAnswer(at: t) else { return nil }
        for o in overrides where o.covered == base.login && o.start <= date && date < o.end {
            return Answer(login: o.covering, layer: "override", covering: base.login)
        }
        return base
    }

    /// The layers' answer without overrides.
    func layerAnswer(at t: Int64) -> Answer? {
        for layer in layers where !layer.participants.isEmpty {
            guard let k = shiftIndex(layer, at: t) else { continue }
            if let restriction = layer.restriction, !restriction.allows(local: zone.local(t)) { continue }
            let n = Int64(layer.participants.count)
            return Answer(login: layer.participants[Int(((k % n) + n) % n)], layer: layer.name)
        }
        return nil
    }

    // MARK: - Rotation arithmetic

    /// When shift `k` of a layer starts (shift 0 starts on the layer's start date).
    func shiftStart(_ layer: OnCallSchedule.Layer, _ k: Int64) -> Int64 {
        switch layer.length {
        case .daily: return zone.instant(CivilDate(days: layer.start.days + k), minute: layer.handoffMinute)
        case .weekly: return zone.instant(CivilDate(days: layer.start.days + 7 * k), minute: layer.handoffMinute)
        case let .hours(n): return zone.instant(layer.start, minute: layer.handoffMinute) + k * Int64(n) * 3600
        }
    }

    /// The shift holding `t`, nil before the layer's first shift.
    func shiftIndex(_ layer: OnCallSchedule.Layer, at t: Int64) -> Int64? {
        var k: Int64
        switch layer.length {
        case let .hours(n):
            k = (t - zone.instant(layer.start, minute: layer.handoffMinute)).floorDiv(Int64(n) * 3600)
        case .daily, .weekly:
            let days: Int64 = layer.length == .daily ? 1 : 7
            let anchor = layer.start.days * 86_400 + Int64(layer.handoffMinute) * 60
            k = (zone.local(t) - anchor).floorDiv(days * 86_400)
            // The wall-clock guess is off by one around a DST change or a moved handoff.
            if t < shiftStart(layer, k) { k -= 1 } else if t >= shiftStart(layer, k + 1) { k += 1 }
        }
        return k >= 0 ? k : nil
    }

    // MARK: - Ranges

    /// The final schedule from `from` to `to`, as consecutive shifts (gaps included, with
    /// a nil login); adjacent stretches of the same person from the same source merge.
    public func shifts(from: Date, to: Date, applyOverrides: Bool = true) -> [OnCallShift] {
        let a = Int64(from.timeIntervalSince1970.rounded(.down)), b = Int64(to.timeIntervalSince1970.rounded(.down))
        guard b > a else { return [] }
        var edges = Set<Int64>([a, b])
        for layer in layers where !layer.participants.isEmpty {
            var k = max(0, shiftIndex(layer, at: a) ?? 0)
            while true {
                let s = shiftStart(layer, k)
                if s >= b { break }
                if s > a { edges.insert(s) }
                k += 1
            }
            if let restriction = layer.restriction {
                var day = zone.local(a).floorDiv(86_400) - 1
                let lastDay = zone.local(b).floorDiv(86_400) + 1
                while day <= lastDay {
                    for minute in restriction.edgeMinutes {
                        let s = zone.instant(CivilDate(days: day), minute: minute)
                        if s > a && s < b { edges.insert(s) }
                    }
                    day += 1
                }
            }
        }
        if applyOverrides {
            for o in overrides {
                for e in [Int64(o.start.timeIntervalSince1970.rounded(.down)), Int64(o.end.timeIntervalSince1970.rounded(.down))] where e > a && e < b {
                    edges.insert(e)
                }
            }
        }
        let sorted = edges.sorted()
        var out: [OnCallShift] = []
        for i in 0..<(sorted.count - 1) {
            let s = sorted[i], e = sorted[i + 1]
            let answer = applyOverrides ? onCall(at: Date(timeIntervalSince1970: TimeInterval(s))) : layerAnswer(at: s)
            let startDate = Date(timeIntervalSince1970: TimeInterval(s)), endDate = Date(timeIntervalSince1970: TimeInterval(e))
            if var last = out.last, last.login == answer?.login, last.layer == answer?.layer, last.covering == answer?.covering {
                last.end = endDate
                out[out.count - 1] = last
            } else {
                out.append(OnCallShift(schedule: schedule.name, login: answer?.login, start: startDate, end: endDate,
                                       layer: answer?.layer, covering: answer?.covering))
            }
        }
        if let first = out.first, first.start < from { out[0].start = from }
        return out
    }

    /// The next `count` shifts with someone on call, starting with the one holding `date`
    /// (looked for up to `horizonDays` ahead).
    public func nextShifts(_ count: Int, after date: Date, horizonDays: Int = 400) -> [OnCallShift] {
        guard count > 0 else { return [] }
        var days = 14
        while true {
            let found = shifts(from: date, to: date.addingTimeInterval(Double(days) * 86_400)).filter { $0.login != nil }
            if found.count > count || days >= horizonDays { return Array(found.prefix(count)) }
            days = min(horizonDays, days * 4)
        }
    }

    /// Stretches with nobody on call.
    public func gaps(from: Date, to: Date) -> [OnCallShift] {
        shifts(from: from, to: to).filter { $0.login == nil }
    }

    /// Is `login` on call in the layers (before overrides) at any time in the range? An
    /// override for someone who is not is allowed but flagged.
    public func hasShift(_ login: String, from: Date, to: Date) -> Bool {
        shifts(from: from, to: to, applyOverrides: false).contains { $0.login == login }
    }
}
