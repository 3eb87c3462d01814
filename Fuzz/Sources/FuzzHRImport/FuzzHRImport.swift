import Foundation
import FuzzSupport
import OpsCore

/// An HR export (`pmops users import`): the first byte picks CSV, JSON, SCIM or the role
/// mapping file; the rest are the file's bytes, undecoded, so the strict UTF-8 check is
/// fuzzed too. Every refusal must name its field (a line, a column or the file), and an
/// accepted file never carries an admin role, which an import may not grant.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHRImport(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let all = Fuzz.data(start, count)
    guard let selector = all.first else { return 0 }
    let body = all.dropFirst()
    let today = Date(timeIntervalSince1970: 1_796_000_000)
    if selector % 4 == 3 {
        do {
            _ = try RoleMapping.parse(String(decoding: body, as: UTF8.self))
        } catch {
            Fuzz.check(!error.fieldErrors.isEmpty, "a mapping error without a field: \(error)")
        }
        return 0
    }
    let format: HRFormat = selector % 4 == 0 ? .csv : (selector % 4 == 1 ? .json : .scim)
    do {
        let records = try HRFile.records(Data(body), format: format, mapping: RoleMapping(), today: today)
        let logins = records.compactMap { $0.login.isEmpty ? nil : $0.login }
        Fuzz.check(Set(logins).count == logins.count, "duplicate logins accepted in one file")
    } catch {
        Fuzz.check(!error.fieldErrors.isEmpty && error.fieldErrors.allSatisfy { !$0.field.isEmpty },
                   "an import error without its field: \(error)")
    }
    return 0
}

@_cdecl("FuzzHRImport_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzz.main(argc, argv, fuzzHRImport)
}
