import Foundation
import FuzzSupport
@testable import OpsCollector

/// The fast `WebhookReader` against `JSONDecoder`: on every input the reader accepts, the
/// webhook validated from its value must equal the one validated from the decoder's (the
/// same value, or the same refusal). Where the reader declines, the decoder decides alone,
/// which is the property's other half ("or the reader declining").
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWebhookDifferential(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = Fuzz.data(start, count)
    for limits in [PayloadProperties.limits, AlertmanagerLimits.standard] where WebhookReader.read(data, limits: limits) != nil {
        let fast = Result { () throws(AlertmanagerPayloadError) in
            try AlertmanagerWebhook.parse(data, limits: limits, reader: WebhookReader.read)
        }
        let decoder = Result { () throws(AlertmanagerPayloadError) in
            try AlertmanagerWebhook.parse(data, limits: limits, reader: nil)
        }
        Fuzz.check(fast == decoder, "the reader and JSONDecoder disagree:\nreader:  \(fast)\ndecoder: \(decoder)")
    }
    return 0
}

@_cdecl("FuzzWebhookDifferential_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzz.main(argc, argv, fuzzWebhookDifferential)
}
