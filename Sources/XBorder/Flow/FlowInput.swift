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
    /// `standardInput` is what was already read of standard input, if it was looked at before.
    public func forEach(_ paths: [String], standardInput: StandardInput.Sniffed? = nil, _ body: (Entry) throws -> Void) rethrows {
        for source in sources(paths) {
            switch source {
            case .problem(let entry): try body(entry)
            case .file(let path): try fileEntries(path, body)
            case .jsonLines(let path): try jsonLinesEntries(path, body)
            case .standardInput:
                let input = standardInput ?? StandardInput.sniff(limit: limits.maxBytes)
                if input.isOneDocument {
                    try body(standardInputDocument(input.bytes))
                } else {
                    try jsonLinesEntries(fd: STDIN_FILENO, path: FlowReader.standardInputPath, prefix: input.bytes, totalLimit: .max, body)
                }
            }
        }
    }

    /// Where flows come from, in input order: `-` is standard input, a folder gives its flow files
    /// sorted by path, a problem (no such file, an empty folder, a link loop) is an entry of its own.
    public enum Source: Sendable {
        case file(String)
        case jsonLines(String)
        case standardInput
        case problem(Entry)
    }

    public func sources(_ paths: [String]) -> [Source] {
        var sources: [Source] = []
        func add(_ path: String) { sources.append(path.hasSuffix(".jsonl") ? .jsonLines(path) : .file(path)) }
        for path in paths {
            if path == "-" {
                sources.append(.standardInput)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                sources.append(.problem(failure(path, "no such file or folder")))
                continue
            }
            if isDirectory.boolValue {
                let listing = FileTree.walk(path, extensions: Set(Self.flowExtensions))
                for problem in listing.problems {
                    sources.append(.problem(Entry(label: problem.location.path, content: .failure(DiagnosticList([problem])), limits: limits, fromJSONLines: false)))
                }
                if listing.files.isEmpty, listing.problems.isEmpty {
                    sources.append(.problem(failure(path, "the folder holds no flow files (.yaml, .yml, .json, .jsonl)")))
                }
                listing.files.forEach(add)
            } else {
                add(path)
            }
        }
        return sources
    }

    /// Opens a JSON Lines file for streaming, held to the inventory size limit; the caller closes it.
    public func openJSONLines(_ path: String) -> Result<(fd: Int32, size: Int?), SourceError> {
        let totalLimit = limits.maxBytes.multipliedReportingOverflow(by: Self.jsonLinesSizeFactor)
        do throws(SourceError) {
            return .success(try BoundedFile.open(path: path, limit: totalLimit.overflow ? .max : totalLimit.partialValue))
        } catch {
            return .failure(error)
        }
    }

    /// Standard input that held one JSON document (a pretty-printed flow), as an entry.
    public func standardInputDocument(_ bytes: [UInt8]) -> Entry {
        let path = FlowReader.standardInputPath
        if bytes.count > limits.maxBytes {
            let problem = Diagnostic(.limitExceeded, "standard input is larger than \(limits.maxBytes) bytes", at: SourceLocation(path: path, line: 1, column: 1))
            return Entry(label: path, content: .failure(DiagnosticList([problem])), limits: limits, fromJSONLines: false)
        }
        return Entry(label: path, content: .success(SourceFile(path: path, text: String(decoding: bytes, as: UTF8.self))), limits: limits, fromJSONLines: false)
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
        try jsonLinesEntries(fd: opened.fd, path: path, prefix: [], totalLimit: totalLimit.overflow ? .max : totalLimit.partialValue, body)
    }

    func jsonLinesEntries(fd: Int32, path: String, prefix: [UInt8], totalLimit: Int, _ body: (Entry) throws -> Void) rethrows {
        var lines = LineStream(fd: fd, maxLineBytes: limits.maxBytes, maxTotalBytes: totalLimit, prefix: prefix)
        var found = false
        while let (number, line) = lines.next() {
            found = true
            let label = "\(path):\(number)"
            switch line {
            case .text(let text):
                let lineSource = SourceFile(path: path, text: text, lineOffset: number - 1)
                try body(Entry(label: label, content: .success(lineSource), limits: limits, fromJSONLines: true, line: number))
            default:
                let problem = InventoryDecider.diagnostic(line, path: path, line: number)
                try body(Entry(label: label, content: .failure(DiagnosticList([problem])), limits: limits, fromJSONLines: true, line: number))
            }
        }
        if !found { try body(failure(path, "the file holds no flows")) }
    }

    /// A file that could not be read, reported where the problem is.
    public func failure(_ error: SourceError) -> Entry {
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
