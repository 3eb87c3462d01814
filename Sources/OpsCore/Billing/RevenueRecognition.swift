import Foundation

/// Revenue recognition (issue 18; the method is in Docs/DECISIONS.md): each line of a
/// subscription invoice is earned evenly over its service period, day by day (UTC days), in
/// integer minor units of its own currency — never floating point.
///
/// - A line over `[start, end)` covers the UTC days from start's day up to, not including,
///   end's day (at least one day). `amount / days` is earned each day; the remainder
///   `amount mod days` goes one minor unit a day to the first days, so the days add up to
///   the line exactly (a negative proration credit the same way, with its sign).
/// - A line with no period is earned on the invoice's creation day.
/// - Recognised revenue of a month is what its days earned. Deferred revenue at a month's
///   end is what was invoiced by then (invoice created before the month ended) and is
///   earned after it.
public enum RevenueRecognition {
    public struct Line: Sendable, Equatable {
        public var invoice: String
        public var plan: String
        public var amount: Money
        public var periodStart: Int64?
        public var periodEnd: Int64?
        /// Unix seconds the invoice was created (when it was billed).
        public var invoiced: Int64
        public init(invoice: String, plan: String, amount: Money, periodStart: Int64?, periodEnd: Int64?, invoiced: Int64) {
            self.invoice = invoice
            self.plan = plan
            self.amount = amount
            self.periodStart = periodStart
            self.periodEnd = periodEnd
            self.invoiced = invoiced
        }
    }

    /// One month, plan and currency.
    public struct Row: Sendable, Equatable, Codable {
        /// "2026-11".
        public var month: String
        public var plan: String
        public var currency: String
        public var recognised: Int64
        public var deferred: Int64
        public init(month: String, plan: String, currency: String, recognised: Int64, deferred: Int64) {
            self.month = month
            self.plan = plan
            self.currency = currency
            self.recognised = recognised
            self.deferred = deferred
        }
    }

    /// A line that could not be spread, with why (never dropped silently).
    public struct Skipped: Error, Sendable, Equatable, Codable {
        public var invoice: String
        public var reason: String
    }

    /// Amounts beyond ±10^12 minor units and periods outside 1970–2200 are refused, so no
    /// sum can overflow and no period can run for ever.
    public static let maxAmount: Int64 = 1_000_000_000_000
    static let latest: Int64 = 7_258_118_400  // 2200-01-01

    static let day: Int64 = 86_400

    /// A month as a half-open range of UTC day numbers (days since 1970-01-01).
    public struct Month: Sendable, Equatable {
        public var label: String
        public var firstDay: Int64
        public var endDay: Int64
    }

    /// The `count` calendar months (UTC) ending with the one holding `now`, oldest first.
    public static func months(endingAt now: Int64, count: Int) -> [Month] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: TimeInterval(now)))
        var year = parts.year ?? 1970, month = parts.month ?? 1
        var out: [Month] = []
        for _ in 0..<max(0, count) {
            let start = calendar.date(from: DateComponents(year: year, month: month, day: 1)) ?? Date(timeIntervalSince1970: 0)
            let next = calendar.date(byAdding: .month, value: 1, to: start) ?? start
            out.append(Month(label: String(format: "%04d-%02d", year, month), firstDay: Int64(start.timeIntervalSince1970) / day,
                             endDay: Int64(next.timeIntervalSince1970) / day))
            month -= 1
            if month == 0 { month = 12; year -= 1 }
        }
        return out.reversed()
    }

    /// What the days `[from, to)` (indexes into the line's days) earn of `amount` spread over `days`.
    public static func earned(_ amount: Int64, days: Int64, from: Int64, to: Int64) -> Int64 {
        let lo = max(0, from), hi = min(days, to)
        guard hi > lo, days > 0 else { return 0 }
        let base = amount / days
        let remainder = amount - base * days  // same sign as amount, |remainder| < days
        let extra = max(0, min(hi, abs(remainder)) - lo)
        return base * (hi - lo) + (remainder < 0 ? -extra : extra)
    }

    /// The line's days as UTC day numbers `[first, end)`; nil with a reason when unusable.
    static func span(_ line: Line) -> Result<(first: Int64, end: Int64), Skipped> {
        guard line.amount.minor.magnitude <= UInt64(maxAmount) else {
            return .failure(Skipped(invoice: line.invoice, reason: "an amount of \(line.amount.formatted) is beyond ±10^12 minor units"))
        }
        guard let start = line.periodStart, let end = line.periodEnd else {
            guard (0...latest).contains(line.invoiced) else { return .failure(Skipped(invoice: line.invoice, reason: "its creation time is outside 1970–2200")) }
            return .success((line.invoiced / day, line.invoiced / day + 1))
        }
        guard (0...latest).contains(start), (0...latest).contains(end), end >= start else {
            return .failure(Skipped(invoice: line.invoice, reason: "its service period (\(start)…\(end)) is not a forward range within 1970–2200"))
        }
        return .success((start / day, max(start / day + 1, end / day)))
    }

    /// Monthly recognised and deferred revenue per plan and currency over `months`, and the
    /// lines that could not be spread. Rows with nothing recognised or deferred are left out.
    public static func schedule(_ lines: [Line], months: [Month]) -> (rows: [Row], skipped: [Skipped]) {
        struct Key: Hashable { var month: Int, plan: String, currency: String }
        var sums: [Key: (Int64, Int64)] = [:]
        var skipped: [Skipped] = []
        for line in lines {
            let first: Int64, end: Int64
            switch span(line) {
            case let .failure(reason): skipped.append(reason); continue
            case let .success(range): (first, end) = range
            }
            let days = end - first
            let billedDay = max(0, min(line.invoiced, latest)) / day
            for (index, month) in months.enumerated() {
                let recognised = earned(line.amount.minor, days: days, from: month.firstDay - first, to: month.endDay - first)
                // Deferred at the month's end: billed by then, earned after it.
                let deferred = billedDay < month.endDay ? earned(line.amount.minor, days: days, from: month.endDay - first, to: days) : 0
                guard recognised != 0 || deferred != 0 else { continue }
                let key = Key(month: index, plan: line.plan, currency: line.amount.currency)
                let old = sums[key] ?? (0, 0)
                sums[key] = (old.0.addingSaturating(recognised), old.1.addingSaturating(deferred))
            }
        }
        let rows = sums.map { key, value in
            Row(month: months[key.month].label, plan: key.plan, currency: key.currency, recognised: value.0, deferred: value.1)
        }.sorted { ($0.month, $0.plan, $0.currency) < ($1.month, $1.plan, $1.currency) }
        return (rows, skipped)
    }

    /// RFC 4180 lines with a header: integer minor units (exact) beside the decimal text
    /// by the currency's exponent; the plan cell is guarded like every CSV text cell.
    public static func csv(_ rows: [Row]) -> [String] {
        ["month,plan,currency,exponent,recognised_minor,deferred_minor,recognised,deferred"] + rows.map { row in
            let decimal = { (minor: Int64) in String(Money(minor: minor, currency: row.currency).formatted.split(separator: " ").first ?? "").replacingOccurrences(of: ",", with: "") }
            return [row.month, KPIFormat.csvCell(row.plan), row.currency, String(Money.exponent(of: row.currency)), String(row.recognised), String(row.deferred),
                    decimal(row.recognised), decimal(row.deferred)].joined(separator: ",")
        }
    }
}
