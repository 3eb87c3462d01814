import Foundation
import FuzzSupport
import OpsCore

/// The mail gateway's MIME reader (`pmops tickets mail-in`), on raw message bytes with the
/// standard caps and with small ones. Only an input over the byte cap is refused as too
/// large; every other refusal is a cap or a malformation with a reason; what is accepted
/// stays within the caps, its ids are `<…>`, and parsing is deterministic.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMIME(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    for limits in [MIMELimits.standard, MIMELimits(maxBytes: 4_096, maxDepth: 3, maxParts: 8)] {
        do throws(MIMEError) {
            let mail = try MIMEParser.parse(bytes, limits: limits)
            Fuzz.check(mail.partCount >= 1 && mail.partCount <= limits.maxParts, "part count \(mail.partCount) outside 1…\(limits.maxParts)")
            Fuzz.check(mail.attachments.count <= mail.partCount, "more attachments than parts")
            Fuzz.check(!mail.headers.isEmpty, "a message without headers accepted")
            for id in [mail.messageID].compactMap({ $0 }) + mail.inReplyTo + mail.references {
                Fuzz.check(id.hasPrefix("<") && id.hasSuffix(">") && !id.contains(where: \.isWhitespace), "a message id \(id) is not <…>")
            }
            Fuzz.check((try? MIMEParser.parse(bytes, limits: limits)) == mail, "two parses of the same bytes differ")
        } catch {
            switch error {
            case let .tooLarge(size, limit): Fuzz.check(size == bytes.count && size > limit, "too large at \(size) bytes, cap \(limit)")
            case let .tooDeep(limit): Fuzz.check(limit == limits.maxDepth, "depth cap \(limit)")
            case let .tooManyParts(limit): Fuzz.check(limit == limits.maxParts, "parts cap \(limit)")
            case let .malformed(reason): Fuzz.check(!reason.isEmpty, "a malformation without a reason")
            }
        }
    }
    return 0
}

@_cdecl("FuzzMIME_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzz.main(argc, argv, fuzzMIME)
}
