import Foundation

/// One policy file inside a bundle: its path below the bundled folder, and its exact bytes.
public struct BundleEntry: Sendable, Hashable {
    /// Relative, `/`-separated, as `FileTree` finds it below the folder (`cn/pipl.yaml`).
    public var path: String
    public var content: Data

    public init(path: String, content: Data) {
        self.path = path
        self.content = content
    }
}

/// The paths a bundle may hold: exactly those that policy discovery could have found below a
/// folder, and nothing that could name a place outside it if someone ever unpacked the bundle.
enum BundlePath {
    /// Why `path` is refused, or nil when it is acceptable.
    static func problem(_ path: String, limits: BundleLimits) -> String? {
        if path.isEmpty { return "an empty path" }
        if path.utf8.count > limits.maxPathBytes { return "longer than \(limits.maxPathBytes) bytes" }
        if path.hasPrefix("/") { return "an absolute path" }
        if path.unicodeScalars.contains(where: { $0 == "\\" }) { return "a backslash in a path" }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) { return "a control character in a path" }
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        for component in components {
            if component.isEmpty { return "an empty path component" }
            if component == "." || component == ".." { return "'\(component)' could name a place outside the bundled folder" }
            if component.hasPrefix(".") { return "hidden files and folders are not policy files" }
        }
        guard let name = components.last, name.hasSuffix(".yaml") || name.hasSuffix(".yml") else {
            return "not a policy file (*.yaml, *.yml)"
        }
        return nil
    }
}

/// Bounds on what a bundle reader accepts, so that a hostile bundle is refused before it costs
/// memory or time.
public struct BundleLimits: Sendable {
    /// Largest bundle file, in bytes (checked before the file is read).
    public var maxBytes: Int
    /// Most policy files in one bundle.
    public var maxFiles: Int
    /// Longest path of a policy file inside the bundle, in UTF-8 bytes.
    public var maxPathBytes: Int

    public init(maxBytes: Int, maxFiles: Int, maxPathBytes: Int) {
        self.maxBytes = maxBytes
        self.maxFiles = maxFiles
        self.maxPathBytes = maxPathBytes
    }

    /// The policy reader's own file limit for the whole bundle: a bundle is read whole, as one
    /// policy file would be.
    public static let standard = BundleLimits(maxBytes: ParseLimits.standard.maxBytes, maxFiles: 4096, maxPathBytes: 1024)
}
