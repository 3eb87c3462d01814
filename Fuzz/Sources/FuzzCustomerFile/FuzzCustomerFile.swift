import Foundation
import FuzzSupport
import OpsCore

/// The customer directory import (`pmops customers import`): the first byte picks CSV or
/// JSON. Every refusal names its line and field; nothing accepted has an empty id.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCustomerFile(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let (selector, text) = Fuzz.split(start, count) else { return 0 }
    let now = Date(timeIntervalSince1970: 1_796_000_000)
    do {
        let customers = selector & 1 == 0 ? try CustomerFile.csv(text, now: now) : try CustomerFile.json(text, now: now)
        Fuzz.check(customers.allSatisfy { !$0.id.isEmpty }, "a customer without an id accepted")
    } catch {
        Fuzz.check(!error.fieldErrors.isEmpty && error.fieldErrors.allSatisfy { !$0.field.isEmpty },
                   "a customer import error without its field: \(error)")
    }
    return 0
}

@_cdecl("FuzzCustomerFile_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzz.main(argc, argv, fuzzCustomerFile)
}
