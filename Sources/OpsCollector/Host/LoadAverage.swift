import Foundation

/// /proc/loadavg: `0.52 0.58 0.59 2/345 12345`.
public struct LoadAverage: Sendable, Equatable {
    public let one, five, fifteen: Double
    public let runnable: Int
    public let processes: Int

    public init(one: Double, five: Double, fifteen: Double, runnable: Int = 0, processes: Int = 0) {
        self.one = one
        self.five = five
        self.fifteen = fifteen
        self.runnable = runnable
        self.processes = processes
    }

    public static func parse(_ text: String) throws(CollectorError) -> LoadAverage {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count >= 4, let one = Double(fields[0]), let five = Double(fields[1]), let fifteen = Double(fields[2]),
              one.isFinite, five.isFinite, fifteen.isFinite else {
            throw CollectorError.malformed(what: "/proc/loadavg", message: "expected three load figures, got \"\(text.prefix(60))\"")
        }
        let tasks = fields[3].split(separator: "/")
        let runnable = tasks.count == 2 ? Int(tasks[0]) ?? 0 : 0
        let processes = tasks.count == 2 ? Int(tasks[1]) ?? 0 : 0
        return LoadAverage(one: one, five: five, fifteen: fifteen, runnable: runnable, processes: processes)
    }
}
