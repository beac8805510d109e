import CFuzzerDriver
import Foundation
import XBorder

/// What every fuzz target shares: the input as text, and the bundled policies compiled once.
public enum FuzzSupport {
    /// The project's `Policies/`: `XBORDER_POLICIES`, else found from this file's place.
    public static let policiesFolder: String = {
        if let path = ProcessInfo.processInfo.environment["XBORDER_POLICIES"], !path.isEmpty { return path }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Policies").path
    }()

    /// The bundled policies, compiled once per process. A fuzz run without them would test nothing.
    public static let policy: CompiledPolicy = {
        guard let policy = PolicyLoader().load(directory: policiesFolder).policy else {
            fatalError("the bundled policies in \(policiesFolder) do not compile")
        }
        return policy
    }()

    /// The vocabulary files of the bundled policies, as bundle entries: what a fuzzed policy
    /// document is compiled alongside, so that it can refer to real codes.
    public static let vocabulary: [BundleEntry] = {
        let root = policiesFolder + "/"
        return PolicyLoader.policyFiles(in: policiesFolder).compactMap { path in
            guard path.hasSuffix("vocabulary.yaml"), let data = FileManager.default.contents(atPath: path) else { return nil }
            return BundleEntry(path: String(path.dropFirst(root.count)), content: data)
        }
    }()

    /// A target's test function: libFuzzer's `LLVMFuzzerTestOneInput`.
    public typealias Test = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Runs libFuzzer on `test` with this process's command line (libFuzzer's flags), then exits
    /// with libFuzzer's status.
    public static func run(_ test: Test) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv, test)
        exit(status)
    }

    /// The input as UTF-8 text, or nil when it is not (the readers take text, as files are read).
    public static func text(_ data: UnsafePointer<UInt8>?, _ count: Int) -> String? {
        String(validating: UnsafeBufferPointer(start: data, count: data == nil ? 0 : count), as: UTF8.self)
    }

    /// The input's bytes.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Data {
        guard let data else { return Data() }
        return Data(bytes: data, count: count)
    }

    /// Limits that keep one input cheap: the fuzzer looks for crashes, not for the known cost of
    /// huge inputs (which the standard limits already bound).
    public static let limits = ParseLimits(maxBytes: 1 << 20, maxDepth: 64, maxNodes: 1 << 16, maxAliases: 256)
}
