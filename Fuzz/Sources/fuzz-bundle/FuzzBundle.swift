import Foundation
import FuzzSupport
import XBorder

/// The bundle reader: any bytes are refused with a message or give a bundle that writes back to
/// the same bytes (the layout is canonical), whose signature check answers and whose files load.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBundle(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = FuzzSupport.bytes(data, count)
    let archive: BundleArchive
    do {
        archive = try BundleArchive.decode(bytes, path: "fuzz.xbb")
    } catch {
        _ = error.description
        return 0
    }
    // The reader promises that what it accepts is exactly what the writer writes.
    precondition(archive.serialized() == bytes, "an accepted bundle does not write back to its own bytes")
    for entry in archive.entries { precondition(!entry.path.contains(".."), "an accepted path holds '..'") }
    _ = try? archive.signer(trusting: [trusted], path: "fuzz.xbb")
    if let signature = archive.signature {
        _ = try? archive.signer(trusting: [signature.key], path: "fuzz.xbb")
    }
    _ = PolicyLoader(limits: FuzzSupport.limits).load(entries: archive.entries, origin: "fuzz.xbb").diagnostics.count
    return 0
}

/// A key no fuzzed bundle is signed with.
private let trusted = SigningKey.generate().verifyingKey

@main
enum FuzzBundleMain {
    static func main() { FuzzSupport.run(fuzzBundle) }
}
