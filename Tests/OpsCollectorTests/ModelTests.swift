import Foundation
import OpsCollector
import Testing

@Suite("Samples and series keys")
struct ModelTests {
    let t = Date(timeIntervalSince1970: 0)

    @Test("the key sorts labels, drops empty ones and escapes values")
    func seriesKey() {
        let a = SeriesKey(name: "m", labels: ["b": "2", "a": "1", "c": ""])
        #expect(a.rawValue == #"m{a="1",b="2"}"#)
        #expect(a == SeriesKey(name: "m", labels: ["a": "1", "b": "2"]))
        #expect(SeriesKey(name: "m", labels: [:]).rawValue == "m")
        #expect(SeriesKey(name: "m", labels: ["p": "a\"b\\c\nd"]).rawValue == #"m{p="a\"b\\c\nd"}"#)
        #expect(SeriesKey(name: "a", labels: [:]) < SeriesKey(name: "b", labels: [:]))
    }

    @Test("samples carry their key; NaN equals NaN for the same series and time")
    func sample() {
        let s = MetricSample(name: "m", labels: ["x": "1", "empty": ""], value: .nan, timestamp: t)
        #expect(s.labels == ["x": "1"])
        #expect(s.seriesKey.rawValue == #"m{x="1"}"#)
        #expect(s == MetricSample(name: "m", labels: ["x": "1"], value: .nan, timestamp: t))
        #expect(s != MetricSample(name: "m", labels: ["x": "1"], value: 1, timestamp: t))
        #expect(s.sortedLabels.map(\.name) == ["x"])
        #expect(s.description == #"m{x="1"} nan @0.0"#)
    }

    @Test("families own the sample names their type allows")
    func familyOwnership() {
        let counter = MetricFamily(name: "req", type: .counter)
        #expect(counter.owns(sampleName: "req_total") && counter.owns(sampleName: "req_created") && counter.owns(sampleName: "req"))
        #expect(!counter.owns(sampleName: "req_bucket") && !counter.owns(sampleName: "requests_total"))
        let histogram = MetricFamily(name: "lat", type: .histogram)
        #expect(histogram.owns(sampleName: "lat_bucket") && !histogram.owns(sampleName: "lat"))
    }

    @Test("collector errors read as sentences")
    func errorSentences() {
        #expect(CollectorError.timedOut(what: "statvfs(/mnt)", seconds: 2).description == "statvfs(/mnt) did not finish within 2 s.")
        #expect(CollectorError.timedOut(what: "x", seconds: 0.25).description == "x did not finish within 0.25 s.")
        #expect(CollectorError.malformed(what: "/proc/stat", message: "no cpu lines").description == "/proc/stat is malformed: no cpu lines.")
    }
}
