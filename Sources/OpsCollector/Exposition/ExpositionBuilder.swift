import Foundation

/// Why a line was skipped; thrown inside one line's parse and turned into a `LineError`.
struct LineFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// The mutable state of one parse: families by name, samples in order, per-series last
/// timestamps (to reject duplicates) and the errors so far. One builder per call, so the
/// parser itself stays a value that any thread may use.
struct ExpositionBuilder {
    let format: ExpositionFormat
    let now: Date
    let maxErrors: Int
    let bytes: UnsafeBufferPointer<UInt8>

    private(set) var families: [MetricFamily] = []
    private var familyIndex: [String: Int] = [:]
    /// Parallel to `families`: whether a `# TYPE` line named the type (a second one is an error).
    private var typeDeclared: [Bool] = []
    private(set) var samples: [MetricSample] = []
    private var lastTimestamp: [SeriesKey: Date] = [:]
    private(set) var errors: [LineError] = []
    private(set) var suppressedErrorCount = 0
    /// The family of the previous sample: consecutive samples nearly always share it.
    private var lastFamily: Int?
    /// The previous sample's name, as bytes in the input and as a string, so runs of one
    /// name build one string.
    private var lastName: (range: Range<Int>, string: String)?
    /// The line of `# EOF` (OpenMetrics), after which nothing may follow.
    var eofLine: Int?
    /// `ExpositionParser.maxSamples` and `maxLabels`.
    var maxSamples = Int.max
    var maxLabels = Int.max

    init(format: ExpositionFormat, now: Date, maxErrors: Int, bytes: UnsafeBufferPointer<UInt8>) {
        self.format = format
        self.now = now
        self.maxErrors = maxErrors
        self.bytes = bytes
    }

    mutating func record(_ failure: LineFailure, line: Int) {
        if errors.count < maxErrors {
            errors.append(LineError(line: line, message: failure.message))
        } else {
            suppressedErrorCount += 1
        }
    }

    func result() -> ExpositionParseResult {
        ExpositionParseResult(families: families, samples: samples, errors: errors, suppressedErrorCount: suppressedErrorCount)
    }

    // MARK: - Families

    /// The family named exactly `name`, created (type unknown) when first mentioned.
    mutating func declaredFamily(_ name: String) -> Int {
        if let index = familyIndex[name] { return index }
        families.append(MetricFamily(name: name))
        typeDeclared.append(false)
        let index = families.count - 1
        familyIndex[name] = index
        return index
    }

    mutating func setType(_ type: MetricType, of name: String) throws(LineFailure) {
        let index = declaredFamily(name)
        if typeDeclared[index] { throw LineFailure("second TYPE line for \(name)") }
        if !families[index].sampleIndices.isEmpty { throw LineFailure("TYPE line for \(name) comes after its samples") }
        families[index].type = type
        typeDeclared[index] = true
    }

    mutating func setHelp(_ help: String, of name: String) throws(LineFailure) {
        let index = declaredFamily(name)
        if families[index].help != nil { throw LineFailure("second HELP line for \(name)") }
        families[index].help = help
    }

    mutating func setUnit(_ unit: String, of name: String) throws(LineFailure) {
        let index = declaredFamily(name)
        if families[index].unit != nil { throw LineFailure("second UNIT line for \(name)") }
        families[index].unit = unit
    }

    /// The family a sample belongs to: the exact name if that family takes bare samples,
    /// else the name minus a suffix its type allows (`_total`, `_bucket`…), else a new
    /// untyped family named like the sample.
    private mutating func family(forSample name: String) -> Int {
        if let last = lastFamily, families[last].owns(sampleName: name) { return last }
        if let index = familyIndex[name], families[index].owns(sampleName: name) { return index }
        for suffix in ExpositionBuilder.suffixes where name.hasSuffix(suffix) {
            let base = String(name.utf8.dropLast(suffix.utf8.count)) ?? ""
            if let index = familyIndex[base], families[index].owns(sampleName: name) { return index }
        }
        return declaredFamily(name)
    }

    private static let suffixes = ["_total", "_bucket", "_count", "_sum", "_created", "_gcount", "_gsum", "_info"]

    // MARK: - Samples

    /// The sample name for the bytes at `range`, reusing the previous string when equal.
    mutating func sampleName(_ range: Range<Int>) -> String {
        if let last = lastName, last.range.count == range.count,
           let base = bytes.baseAddress,
           memcmp(base + last.range.lowerBound, base + range.lowerBound, range.count) == 0 {
            return last.string
        }
        let string = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        lastName = (range, string)
        return string
    }

    /// Checks a parsed sample against its family and the samples before it, then keeps it.
    mutating func add(name: String, labels: [String: String], value: Double, timestamp: Date?) throws(LineFailure) {
        guard samples.count < maxSamples else { throw LineFailure("over the limit of \(maxSamples) samples in one exposition; the sample is dropped") }
        guard labels.count <= maxLabels else { throw LineFailure("\(name) has \(labels.count) labels, over the limit of \(maxLabels)") }
        let index = family(forSample: name)
        let family = families[index]
        let isBucket = (family.type == .histogram || family.type == .gaugeHistogram) && name.hasSuffix("_bucket")
        if isBucket, !Self.isNumber(labels["le"]) {
            throw LineFailure("bucket \(name) has no numeric le label")
        }
        if family.type == .summary, name == family.name, !Self.isNumber(labels["quantile"]) {
            throw LineFailure("summary sample \(name) has no numeric quantile label")
        }
        let sample = MetricSample(name: name, labels: labels, value: value, timestamp: timestamp ?? now)
        if let previous = lastTimestamp[sample.seriesKey], sample.timestamp <= previous {
            throw LineFailure(sample.timestamp == previous
                ? "duplicate sample for \(sample.seriesKey)"
                : "sample for \(sample.seriesKey) is older than the one before it")
        }
        lastTimestamp[sample.seriesKey] = sample.timestamp
        families[index].sampleIndices.append(samples.count)
        samples.append(sample)
        lastFamily = index
    }

    private static func isNumber(_ text: String?) -> Bool {
        guard var copy = text, !copy.isEmpty else { return false }
        return copy.withUTF8 { ExpositionNumber.value($0) } != nil
    }
}
