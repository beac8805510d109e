import FuzzSupport
import XBorder

/// The YAML reader: any text gives a located tree or a located diagnostic, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let text = FuzzSupport.text(data, count) else { return 0 }
    let source = SourceFile(path: "fuzz.yaml", text: text)
    do {
        let documents = try YAMLParser(limits: FuzzSupport.limits).parseDocuments(source)
        for document in documents { _ = document.location }
    } catch {
        _ = error.description
        _ = DiagnosticRenderer(sources: [source]).render([error])
    }
    return 0
}

@main
enum FuzzYAMLMain {
    static func main() { FuzzSupport.run(fuzzYAML) }
}
