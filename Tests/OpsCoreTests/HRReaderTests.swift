import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// Issue #20 "Bad input": every case refuses the whole file with its line and field
/// named (exit 2); and the readers find what a real export holds.
@Suite("HR export readers")
struct HRReaderTests {
    static let mapping = (try? RoleMapping.parse("department Ops = ops\ngroup oncall = ops")) ?? RoleMapping()
    static let today = Date(timeIntervalSince1970: 1_796_601_600) // 2026-12-07

    static func read(_ text: String, _ format: HRFormat = .csv) throws(OpsError) -> [HRRecord] {
        try HRFile.records(Data(text.utf8), format: format, mapping: mapping, today: today)
    }

    @Test("bad files are refused whole, naming line and field", arguments: [
        ("login,name,email\nx,\"Unbalanced,x@example.com\n", HRFormat.csv, "Invalid csv on line 2: a quoted field opened here is never closed (unbalanced quotes)."),
        ("login,name,email\nx,X,x@example.com,extra\n", .csv, "Invalid csv on line 2: the row has 4 fields; the header has 3 (wrong column count)."),
        ("login,name,email\nx,X\"Y,x@example.com\n", .csv, "Invalid csv on line 2: a quote inside an unquoted field; quote the whole field and double the quote (\"\")."),
        ("login,name,email\nx,\"X\"Y,x@example.com\n", .csv, "Invalid csv on line 2: text after a closing quote; a quoted field must end at a comma or the end of the line."),
        ("login,name,email\na,A,a@example.com\nb,B,b@example.com\na,A2,a2@example.com\n", .csv, "Invalid login on line 4: 'a' appears twice in the file (first on line 2)."),
        ("login,name,email\na,A,a@example.com\nb,B,A@Example.com\n", .csv, "Invalid email on line 3: 'A@Example.com' appears twice in the file (first on line 2)."),
        ("login,name,email,roles\na,A,a@example.com,oncall;Admin\n", .csv, "Invalid roles on line 2: the row would grant admin; admins are made by hand, never by an import."),
        ("login,name,email,roles\na,A,a@example.com,super-admin\n", .csv, "Invalid roles on line 2: the row would grant super_admin; admins are made by hand, never by an import."),
        ("name,email\nA,a@example.com\n", .csv, "Invalid header on line 1: no 'login' column (needed for login); map it with 'column login = HEADER' in the --map file."),
        ("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Tour Guides\"}\n", .scim,
         "Invalid schemas on line 1: the resource is not a SCIM User (schemas 'urn:ietf:params:scim:schemas:core:2.0:Group'); export Users with urn:ietf:params:scim:schemas:core:2.0:User."),
        ("{\"userName\":\"bjensen\"}\n", .scim, "Invalid schemas on line 1: the resource is not a SCIM User (no schemas); export Users with urn:ietf:params:scim:schemas:core:2.0:User."),
        ("{\"login\":\"a\",\"name\":\"A\",\"email\":\"a@example.com\"}\n{\"login\":\"b\",\n", .json, "Invalid json on line 2: not valid JSON"),
    ])
    func refused(text: String, format: HRFormat, message: String) {
        let error = opsError { () throws(OpsError) in _ = try Self.read(text, format) }
        #expect(error?.description.hasPrefix(message) == true, "got \(String(describing: error))")
        #expect(error?.exitCode == 2)
    }

    @Test("a file that is not UTF-8 is refused with the line of the first bad byte")
    func notUTF8() {
        var data = Data("login,name,email\nx,Jos".utf8)
        data.append(0xE9) // Latin-1 é
        data.append(contentsOf: Data(",x@example.com\n".utf8))
        let error = opsError { () throws(OpsError) in _ = try HRFile.records(data, format: .csv, mapping: Self.mapping, today: Self.today) }
        #expect(error?.description == "Invalid file on line 2: the file is not UTF-8 text; export it as UTF-8.")
    }

    @Test("a file over 50 MB is refused before it is parsed")
    func tooLarge() {
        let data = Data(repeating: 0x41, count: HRFile.maximumBytes + 1)
        let error = opsError { () throws(OpsError) in _ = try HRFile.records(data, format: .csv, mapping: Self.mapping, today: Self.today) }
        #expect(error?.description == "Invalid file: the file is \(HRFile.maximumBytes + 1) bytes; the limit is 52428800 (50 MB). Split the export.")
    }

    @Test("quoted fields keep commas, doubled quotes and line breaks; lines count from where a row starts")
    func csvQuoting() throws {
        let records = try Self.read("login,name,email,team\r\na,\"Jensen, \"\"Babs\"\"\",a@example.com,Ops\r\nb,\"Two\nLines\",b@example.com,Ops\r\nc,C,c@example.com,Ops\r\n")
        #expect(records.map(\.line) == [2, 3, 5])
        #expect(records[0].name == "Jensen, \"Babs\"")
        #expect(records[1].name == "Two\nLines")
    }

    @Test("an end date in the past makes the person inactive; status words are read")
    func statusAndEndDate() throws {
        let records = try Self.read("login,name,email,status,end_date\na,A,a@example.com,active,2026-06-30\nb,B,b@example.com,terminated,\nc,C,c@example.com,active,2027-01-31\n")
        #expect(records.map(\.active) == [false, false, true])
    }

    @Test("JSON: an array and JSON lines give the same people, each with its line")
    func jsonForms() throws {
        let lines = try Self.read("{\"login\":\"a\",\"name\":\"A\",\"email\":\"a@example.com\",\"roles\":[\"oncall\"]}\n\n{\"login\":\"b\",\"name\":\"B\",\"email\":\"b@example.com\",\"active\":false}\n", .json)
        #expect(lines.map(\.line) == [1, 3])
        #expect(lines.map(\.active) == [true, false])
        let array = try Self.read("[\n  {\"login\":\"a\",\"name\":\"A\",\"email\":\"a@example.com\",\"roles\":[\"oncall\"]},\n  {\"login\":\"b\",\"name\":\"B\",\n   \"email\":\"b@example.com\",\"active\":false}\n]\n", .json)
        #expect(array.map(\.line) == [2, 3])
        #expect(array.map(\.login) == lines.map(\.login))
        #expect(array.map(\.groups) == [["oncall"], []])
    }

    @Test("the RFC 7643 sample ListResponse: userName, name.formatted, primary email, enterprise department and manager, groups")
    func scimSample() throws {
        let text = try String(contentsOfFile: try RepoFiles.root() + "/Docs/samples/hr/staff-scim.json", encoding: .utf8)
        let records = try HRSCIM.records(text)
        #expect(records.map(\.line) == [7, 57, 68])
        #expect(records.map(\.login) == ["bjensen", "jsmith", "lchen"])
        #expect(records[0].name == "Ms. Barbara J Jensen, III")
        #expect(records[0].email == "bjensen@example.com")
        #expect(records[0].department == "Tour Operations")
        #expect(records[0].manager == "John Smith")
        #expect(records[0].groups == ["Tour Guides", "Employees"])
        #expect(records[2].name == "Li Chen")
        #expect(records[2].active == false)
    }
}
