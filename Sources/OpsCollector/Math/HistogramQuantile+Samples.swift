import Foundation

extension HistogramQuantile {
    /// Collects the `<family>_bucket` samples of a scrape into bucket lists, one per series
    /// (the labels without `le`, keyed under the family name), ready for `estimate`.
    /// Samples with a missing or non-numeric `le` are skipped.
    public static func bucketsBySeries(_ samples: [MetricSample], family: String) -> [SeriesKey: [HistogramBucket]] {
        let bucketName = family + "_bucket"
        var out: [SeriesKey: [HistogramBucket]] = [:]
        for sample in samples where sample.name == bucketName {
            guard let le = sample.labels["le"], let bound = bucketBound(le) else { continue }
            var rest = sample.labels
            rest["le"] = nil
            out[SeriesKey(name: family, labels: rest), default: []]
                .append(HistogramBucket(upperBound: bound, count: sample.value))
        }
        return out
    }

    /// Reads an `le` label ("0.5", "+Inf").
    static func bucketBound(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { ExpositionNumber.value($0) }
    }
}
