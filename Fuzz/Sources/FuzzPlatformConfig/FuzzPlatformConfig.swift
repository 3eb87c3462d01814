import Foundation
import FuzzSupport
import OpsCore

/// The platform-config export read by `pmops config verify FILE` (JSON or flat YAML):
/// every refusal names the `file` (or `env`) field, a YAML refusal its line of the file,
/// and only a file over `maxBytes` or `maxSettings` is too large; an accepted file written
/// back as JSON and as YAML (`PlatformConfigFile.json`/`.yaml`, what `config export`
/// writes) reads back to the same environment, revision, sha256 and settings.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPlatformConfig(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = Fuzz.data(start, count)
    let lines = Fuzz.lineCount(Fuzz.text(start, count))
    let parsed: PlatformConfigFile.Parsed
    do { parsed = try PlatformConfigFile.read(data, path: "fuzz") } catch {
        let fields = error.fieldErrors
        Fuzz.check(fields.count == 1 && ["file", "env"].contains(fields[0].field), "a refusal without its field: \(error)")
        let message = fields[0].message
        if let range = message.range(of: "fuzz line ") {
            let number = Int(message[range.upperBound...].prefix { $0.isASCII && $0.isNumber })
            Fuzz.check(number.map { (1...lines).contains($0) } ?? false, "the refusal names no line of the file: \(message)")
        }
        return 0
    }
    Fuzz.check(parsed.settings.count <= PlatformConfigFile.maxSettings, "more settings than the cap")
    let entries = parsed.settings.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    // Typed scalars are written bare, so a registry only where its types accept the values as they are.
    let registries = [PlatformRegistry([]), PlatformRegistry.penguinMails]
    for registry in registries where entries.allSatisfy({ e in registry[e.key].map { (try? $0.normalize(e.value)) == e.value } ?? true }) {
        for yaml in [false, true] {
            let text = yaml ? PlatformConfigFile.yaml(environment: parsed.environment, revision: parsed.revision, sha256: parsed.sha256,
                                                      entries: entries, registry: registry)
                            : PlatformConfigFile.json(environment: parsed.environment, revision: parsed.revision, sha256: parsed.sha256,
                                                      entries: entries, registry: registry)
            do {
                let again = try PlatformConfigFile.read(Data(text.utf8), path: "fuzz")
                Fuzz.check(again == parsed, "the \(yaml ? "YAML" : "JSON") export reads back differently:\n\(text)")
            } catch {
                Fuzz.check(false, "the \(yaml ? "YAML" : "JSON") export is refused: \(error)\n\(text)")
            }
        }
    }
    return 0
}

@_cdecl("FuzzPlatformConfig_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzz.main(argc, argv, fuzzPlatformConfig)
}
