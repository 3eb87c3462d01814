import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// Customer import files: CSV and JSON into records, every problem with its line and field.
@Suite("Customer import files")
struct CustomerFileTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    @Test("CSV with quoting, a BOM, CRLF, a quoted newline and contacts")
    func csv() throws {
        let text = "\u{FEFF}id,name,plan,status,success_manager,contacts\r\n"
            + "acme,\"Acme, Inc.\",growth,active,dana,\"Jo Ops <jo@acme.example>; ops@acme.example\"\r\n"
            + "penguin,\"Penguin \"\"P\"\" Co\",free,trial,,\"Ops, Desk <ops@penguin.example>\"\n"
        let customers = try CustomerFile.csv(text, now: Self.now)
        #expect(customers.map(\.id) == ["acme", "penguin"])
        #expect(customers[0].name == "Acme, Inc." && customers[0].successManager == "dana")
        #expect(customers[0].contacts == [CustomerContact(name: "Jo Ops", email: "jo@acme.example"), CustomerContact(name: "", email: "ops@acme.example")])
        #expect(customers[1].name == "Penguin \"P\" Co" && customers[1].successManager == nil && customers[1].created == Self.now)
        #expect(customers[1].contacts.first?.email == "ops@penguin.example")
    }

    @Test("a malformed CSV names every line and field, and returns nothing")
    func csvErrors() {
        // A record is named by the line it starts on; a quoted newline moves the lines after it.
        let multiline = "id,name,plan,status\nacme,\"Two\nlines\",free,active\nok,Ok,gold,active\n"
        #expect(opsError { () throws(OpsError) in try CustomerFile.csv(multiline, now: Self.now) }?.fieldErrors.map(\.field) == ["line 2, name", "line 4, plan"])
        let text = "id,name,plan,status\nacme,Acme,gold,active\nok,Ok,free,active\nBad Id,,free,active\nx,X,free\n"
        let error = opsError { () throws(OpsError) in try CustomerFile.csv(text, now: Self.now) }
        #expect(error?.fieldErrors.map(\.field) == ["line 2, plan", "line 4, name", "line 5"])
        #expect(error?.exitCode == 2)
        #expect(opsError { () throws(OpsError) in try CustomerFile.csv("id,name,plan,colour\n", now: Self.now) }?.fieldErrors.map(\.message)
            == ["unknown column 'colour'; columns are contacts, created, id, name, plan, status, success_manager.", "the column status is missing."])
        #expect(opsError { () throws(OpsError) in try CustomerFile.csv("id,name,plan,status\na,\"open,free,active\n", now: Self.now) }
            == .invalid(field: "line 2", message: "a quoted field is not closed before the end of the file."))
        #expect(opsError { () throws(OpsError) in try CustomerFile.csv("id,name,plan,status\na,b\"c,free,active\n", now: Self.now) }?.exitCode == 2)
    }

    @Test("JSON records, and their problems by record number")
    func json() throws {
        let ok = #"[{"id":"acme","name":"Acme","plan":"scale","status":"active","contacts":[{"name":"Jo","email":"jo@acme.example"}],"created":"2025-01-02"}]"#
        let customers = try CustomerFile.json(ok, now: Self.now)
        #expect(customers.first?.contacts.first?.email == "jo@acme.example")
        #expect(customers.first?.created == Timestamp.parse("2025-01-02"))
        let bad = #"[{"id":"acme","name":"Acme","plan":"scale","status":"active"},{"id":"b","plan":"free","status":"active","contacts":[{"name":"x","email":"nope"}]}]"#
        #expect(opsError { () throws(OpsError) in try CustomerFile.json(bad, now: Self.now) }?.fieldErrors.map(\.field) == ["record 2, name"])
        #expect(opsError { () throws(OpsError) in try CustomerFile.json("{", now: Self.now) }?.exitCode == 2)
    }
}
