import Foundation
@testable import OpsCollector
import Testing

/// Inputs the fuzz targets of `Fuzz/` (Docs/FUZZING.md) found, each kept as a normal test
/// with its input so the finding stays fixed without a fuzz build. A test is named after
/// its target; its input is inline or under `Fixtures/fuzz/`.
@Suite("Fuzz findings")
struct FuzzRegressionTests {
    typealias Outcome = Result<AlertmanagerWebhook, AlertmanagerPayloadError>

    private static func outcomes(_ data: Data) -> (reader: Outcome, decoder: Outcome) {
        (Outcome { () throws(AlertmanagerPayloadError) in try AlertmanagerWebhook.parse(data, limits: .standard, reader: WebhookReader.read) },
         Outcome { () throws(AlertmanagerPayloadError) in try AlertmanagerWebhook.parse(data, limits: .standard, reader: nil) })
    }

    @Test("FuzzWebhookDifferential: the input it found gets one refusal from the reader and the decoder")
    func differentialInput() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("fuzz/webhook-differential-label-order.json")))
        #expect(WebhookReader.read(data, limits: .standard) != nil, "the reader must take it, or the comparison is empty")
        let (reader, decoder) = Self.outcomes(data)
        #expect(reader == decoder)
        #expect(reader == .failure(.invalid(field: "commonLabels", reason: "has an empty name")))
    }

    /// The first problem in name order is the one reported, whatever the dictionary's order:
    /// with nine bad labels, a report in storage order would name another one most times.
    @Test("FuzzWebhookDifferential: of several bad labels, the first by name is reported", arguments: 1...12)
    func firstProblemByName(badLabels: Int) {
        let members = (0..<badLabels).map { #""k\#($0)":"v\u0000""# } + [#""":"empty""#]
        let data = Data(#"{"version":"4","status":"firing","alerts":[],"commonLabels":{\#(members.shuffled().joined(separator: ","))}}"#.utf8)
        let (reader, decoder) = Self.outcomes(data)
        #expect(reader == .failure(.invalid(field: "commonLabels", reason: "has an empty name")))
        #expect(decoder == reader)
        let nul = Data(#"{"version":"4","status":"firing","alerts":[],"groupLabels":{\#(members.dropLast().shuffled().joined(separator: ","))}}"#.utf8)
        #expect(Self.outcomes(nul).reader == .failure(.invalid(field: "groupLabels.k0", reason: AlertmanagerValidation.nulReason)))
    }
}
