import Foundation

/// Flows to decide, gathered from files, folders and JSON Lines files, in input order. A flow
/// that cannot be read is kept as its diagnostics so that it does not stop the others.
public struct FlowInput: Sendable {
    public struct Entry: Sendable {
        /// `path` or `path:line` for JSON Lines.
        public var label: String
        public var flow: Result<LocatedFlow, DiagnosticList>
        public var source: SourceFile?
        /// The flow came from a JSON Lines file: answer in JSON Lines.
        public var fromJSONLines: Bool
    }

    public static let flowExtensions = ["yaml", "yml", "json", "jsonl"]

    public var limits: ParseLimits

    public init(limits: ParseLimits = .standard) {
        self.limits = limits
    }

    public func entries(for paths: [String]) -> [Entry] {
        var entries: [Entry] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                entries.append(failure(path, "no such file or folder"))
                continue
            }
            if isDirectory.boolValue {
                let files = Self.flowFiles(in: path)
                if files.isEmpty { entries.append(failure(path, "the folder holds no flow files (.yaml, .yml, .json, .jsonl)")) }
                for file in files { entries.append(contentsOf: fileEntries(file)) }
            } else {
                entries.append(contentsOf: fileEntries(path))
            }
        }
        return entries
    }

    func fileEntries(_ path: String) -> [Entry] {
        let source: SourceFile
        do {
            source = try SourceFile.read(path: path, limit: limits.maxBytes)
        } catch {
            return [failure(path, error.description)]
        }
        guard path.hasSuffix(".jsonl") else {
            let result: Result<LocatedFlow, DiagnosticList>
            do { result = .success(try FlowReader().read(source, limits: limits)) } catch { result = .failure(error) }
            return [Entry(label: path, flow: result, source: source, fromJSONLines: false)]
        }
        var entries: [Entry] = []
        for (index, line) in source.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let lineSource = SourceFile(path: path, text: String(line), lineOffset: index)
            let result: Result<LocatedFlow, DiagnosticList>
            do { result = .success(try FlowReader().read(lineSource, limits: limits)) } catch { result = .failure(error) }
            entries.append(Entry(label: "\(path):\(index + 1)", flow: result, source: lineSource, fromJSONLines: true))
        }
        if entries.isEmpty { entries.append(failure(path, "the file holds no flows")) }
        return entries
    }

    func failure(_ path: String, _ message: String) -> Entry {
        let diagnostic = Diagnostic(.unreadable, message, at: SourceLocation(path: path, line: 1, column: 1))
        return Entry(label: path, flow: .failure(DiagnosticList([diagnostic])), source: nil, fromJSONLines: path.hasSuffix(".jsonl"))
    }

    /// Flow files below a folder, sorted by path.
    public static func flowFiles(in directory: String) -> [String] {
        let root = directory.hasSuffix("/") ? directory : directory + "/"
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if (relative as NSString).lastPathComponent.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            if flowExtensions.contains((relative as NSString).pathExtension) { files.append(root + relative) }
        }
        return files.sorted()
    }
}
