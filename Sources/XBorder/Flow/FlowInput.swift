import Foundation

/// Flows to decide, gathered from files, folders and JSON Lines files, in input order. A flow
/// that cannot be read is kept as its diagnostics so that it does not stop the others.
public struct FlowInput: Sendable {
    public struct Entry: Sendable {
        /// `path` or `path:line` for JSON Lines.
        public var label: String
        /// The text to read, or why there is none.
        var content: Result<SourceFile, DiagnosticList>
        var limits: ParseLimits
        public var source: SourceFile? { try? content.get() }
        /// The flow came from a JSON Lines file: answer in JSON Lines.
        public var fromJSONLines: Bool
        /// The line of a JSON Lines file the flow came from, so that an error can be answered on
        /// the output line that matches it.
        public var line: Int?

        /// Parses the flow. Reading is left to the caller so that an inventory can be parsed on
        /// several cores while its lines are still handed out in order.
        public var flow: Result<LocatedFlow, DiagnosticList> {
            switch content {
            case .failure(let error): return .failure(error)
            case .success(let source):
                do { return .success(try FlowReader().read(source, limits: limits)) } catch { return .failure(error) }
            }
        }
    }

    public static let flowExtensions = ["yaml", "yml", "json", "jsonl"]

    public var limits: ParseLimits

    public init(limits: ParseLimits = .standard) {
        self.limits = limits
    }

    /// Every flow, read in input order. For inventories of any size prefer `forEach`, which holds
    /// one flow at a time.
    public func entries(for paths: [String]) -> [Entry] {
        var entries: [Entry] = []
        forEach(paths) { entries.append($0) }
        return entries
    }

    /// Reads flows one by one and hands each to `body` before reading the next, so that an
    /// inventory of millions of lines never sits in memory as parsed flows.
    public func forEach(_ paths: [String], _ body: (Entry) throws -> Void) rethrows {
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                try body(failure(path, "no such file or folder"))
                continue
            }
            if isDirectory.boolValue {
                let listing = FileTree.walk(path, extensions: Set(Self.flowExtensions))
                for problem in listing.problems {
                    try body(Entry(label: problem.location.path, content: .failure(DiagnosticList([problem])), limits: limits, fromJSONLines: false))
                }
                if listing.files.isEmpty, listing.problems.isEmpty {
                    try body(failure(path, "the folder holds no flow files (.yaml, .yml, .json, .jsonl)"))
                }
                for file in listing.files { try fileEntries(file, body) }
            } else {
                try fileEntries(path, body)
            }
        }
    }

    /// JSON Lines files may be much larger than one flow file: each line is held to the usual
    /// limits on its own.
    public static let jsonLinesSizeFactor = 64

    func fileEntries(_ path: String, _ body: (Entry) throws -> Void) rethrows {
        guard path.hasSuffix(".jsonl") else {
            let source: SourceFile
            do {
                source = try SourceFile.read(path: path, limit: limits.maxBytes)
            } catch {
                try body(failure(error))
                return
            }
            try body(Entry(label: path, content: .success(source), limits: limits, fromJSONLines: false))
            return
        }
        try jsonLinesEntries(path, body)
    }

    /// Streams a JSON Lines file: one line at a time is read and handed out, blank lines are
    /// skipped as bytes, and a line longer than one flow file may be is refused without being kept.
    func jsonLinesEntries(_ path: String, _ body: (Entry) throws -> Void) rethrows {
        let totalLimit = limits.maxBytes.multipliedReportingOverflow(by: Self.jsonLinesSizeFactor)
        let opened: (fd: Int32, size: Int?)
        do {
            opened = try BoundedFile.open(path: path, limit: totalLimit.overflow ? .max : totalLimit.partialValue)
        } catch {
            try body(failure(error))
            return
        }
        defer { close(opened.fd) }
        var lines = LineStream(fd: opened.fd, maxLineBytes: limits.maxBytes, maxTotalBytes: totalLimit.overflow ? .max : totalLimit.partialValue)
        var found = false
        while let (number, line) = lines.next() {
            found = true
            let at = SourceLocation(path: path, line: number, column: 1)
            let label = "\(path):\(number)"
            let problem: Diagnostic
            switch line {
            case .text(let text):
                let lineSource = SourceFile(path: path, text: text, lineOffset: number - 1)
                try body(Entry(label: label, content: .success(lineSource), limits: limits, fromJSONLines: true, line: number))
                continue
            case .tooLong:
                problem = Diagnostic(.limitExceeded, "the line is longer than \(limits.maxBytes) bytes", at: at,
                                     help: "a flow on one line is held to the size limit of a flow file")
            case .notUTF8(let column):
                problem = Diagnostic(.unreadable, "the line is not UTF-8 text", at: SourceLocation(path: path, line: number, column: column))
            case .unreadable:
                problem = Diagnostic(.unreadable, "the file cannot be read past this line", at: at)
            case .fileTooLarge:
                problem = Diagnostic(.limitExceeded, "the file is larger than the limit of \(totalLimit.partialValue) bytes; nothing after this line is read", at: at)
            }
            try body(Entry(label: label, content: .failure(DiagnosticList([problem])), limits: limits, fromJSONLines: true, line: number))
        }
        if !found { try body(failure(path, "the file holds no flows")) }
    }

    /// A file that could not be read, reported where the problem is.
    func failure(_ error: SourceError) -> Entry {
        let path = error.location.path
        let diagnostic = Diagnostic(.unreadable, "cannot read the file: \(error.reason)", at: error.location)
        return Entry(label: path, content: .failure(DiagnosticList([diagnostic])), limits: limits, fromJSONLines: path.hasSuffix(".jsonl"))
    }

    func failure(_ path: String, _ message: String) -> Entry {
        let diagnostic = Diagnostic(.unreadable, message, at: SourceLocation(path: path, line: 1, column: 1))
        return Entry(label: path, content: .failure(DiagnosticList([diagnostic])), limits: limits, fromJSONLines: path.hasSuffix(".jsonl"))
    }

    /// Flow files below a folder, sorted by path.
    public static func flowFiles(in directory: String) -> [String] {
        FileTree.files(in: directory, extensions: Set(flowExtensions))
    }
}
