import Foundation
import XBorder

/// Finds the suite files below the paths given to `xborder test`.
///
/// Folders named `examples` hold plain flows that suites point at with `flow-file`, and a
/// scenario folder may hold other YAML; only a file whose first key is `suite:` is a suite.
public struct SuiteDiscovery: Sendable {
    public static let extensions = ["yaml", "yml"]
    public static let skippedFolders: Set<String> = ["examples"]

    /// Suite files in a stable order, and a problem for each path that does not exist.
    public struct Found: Sendable {
        public var files: [String]
        public var problems: [Diagnostic]
    }

    public init() {}

    public func find(_ paths: [String]) -> Found {
        var found = Found(files: [], problems: [])
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                found.problems.append(Diagnostic(.unreadable, "no such file or folder '\(path)'", at: SourceLocation(path: path, line: 1, column: 1)))
                continue
            }
            if isDirectory.boolValue {
                let listing = FileTree.walk(path, extensions: Set(Self.extensions), skipping: Self.skippedFolders)
                found.files.append(contentsOf: listing.files.filter(Self.startsWithSuiteKey))
                found.problems.append(contentsOf: listing.problems)
            } else if !found.files.contains(path) {
                // A file named on the command line is meant as a suite: read it even when it does not look like one.
                found.files.append(path)
            }
        }
        return found
    }

    /// Suite files below a folder, sorted by path; hidden and `examples` folders are skipped.
    public func suites(in directory: String) -> [String] {
        FileTree.files(in: directory, extensions: Set(Self.extensions), skipping: Self.skippedFolders).filter(Self.startsWithSuiteKey)
    }

    /// Whether the first key of a file is `suite:`, judged from its text so that a suite with a
    /// syntax error further down is still found (and its error reported).
    public static func startsWithSuiteKey(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = handle.readData(ofLength: 64 * 1024)
        let text = String(decoding: head, as: UTF8.self)
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\u{FEFF}\r")))
            if line.isEmpty || line.hasPrefix("#") || line == "---" || line.hasPrefix("%") { continue }
            return line.hasPrefix("suite:") || line == "suite"
        }
        return false
    }
}
