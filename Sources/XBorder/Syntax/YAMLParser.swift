import CYAML

/// Builds located syntax trees from libyaml's event stream.
///
/// Events rather than libyaml's own document API: marks come with every event, aliases can be
/// budgeted as they are met, and nothing is composed that we would throw away.
public struct YAMLParser: Sendable {
    public var limits: ParseLimits
    /// Keeps the first of two equal keys instead of refusing the file: only for reading what an
    /// unreadable file declares, so that errors elsewhere can be traced back to it.
    var allowsDuplicateKeys = false

    public init(limits: ParseLimits = .standard) {
        self.limits = limits
    }

    /// Parses every document of a source. An empty source has no documents.
    public func parseDocuments(_ source: SourceFile) throws(Diagnostic) -> [Node] {
        var builder = TreeBuilder(source: source, limits: limits)
        builder.allowsDuplicateKeys = allowsDuplicateKeys
        return try builder.run()
    }

    /// Parses a source that must hold exactly one document.
    public func parseDocument(_ source: SourceFile) throws(Diagnostic) -> Node {
        let documents = try parseDocuments(source)
        guard let first = documents.first else {
            throw Diagnostic(.yamlSyntax, "the file is empty", at: SourceLocation(path: source.path, line: 1 + source.lineOffset, column: 1),
                             help: "write a YAML mapping")
        }
        if documents.count > 1 {
            throw Diagnostic(.yamlSyntax, "expected one document, found \(documents.count)", at: documents[1].location,
                             help: "put each document in its own file")
        }
        return first
    }
}

/// The mutable state of one parse; lives only inside `YAMLParser.parseDocuments`.
private struct TreeBuilder {
    /// A mapping or sequence still open. Children are appended in place (`stack[last]`), never
    /// by taking the frame out and putting it back, which copied its array for every child and
    /// made a list of n elements cost n² (a 200,000-element list took minutes).
    struct Frame {
        var isMapping: Bool
        var start: SourceLocation
        var anchor: String?
        var pairs: [Pair] = []
        var elements: [Node] = []
        var pendingKey: (String, SourceLocation)?
        var seen: Set<String> = []
        var weight = 1

        init(isMapping: Bool, start: SourceLocation, anchor: String?) {
            self.isMapping = isMapping
            self.start = start
            self.anchor = anchor
        }
    }

    let source: SourceFile
    let limits: ParseLimits
    var allowsDuplicateKeys = false
    var stack: [Frame] = []
    var anchors: [String: (node: Node, weight: Int)] = [:]
    var documents: [Node] = []
    var totalWeight = 0
    var aliasCount = 0

    init(source: SourceFile, limits: ParseLimits) {
        self.source = source
        self.limits = limits
    }

    func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(path: source.path, line: Int(mark.line) + 1 + source.lineOffset, column: Int(mark.column) + 1)
    }

    mutating func run() throws(Diagnostic) -> [Node] {
        if source.text.utf8.count > limits.maxBytes {
            throw Diagnostic(.limitExceeded, "input is larger than \(limits.maxBytes) bytes",
                             at: SourceLocation(path: source.path, line: 1 + source.lineOffset, column: 1))
        }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw Diagnostic(.yamlSyntax, "the YAML parser could not start", at: SourceLocation(path: source.path, line: 1, column: 1))
        }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(source.text.utf8)
        return try bytes.withUnsafeBufferPointer { (buffer) throws(Diagnostic) -> [Node] in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    throw syntaxError(parser)
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { break }
                try handle(event)
            }
            return documents
        }
    }

    func syntaxError(_ parser: yaml_parser_t) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) { message = "\(problem) \(context)" }
        // The reader (bad encoding, control characters) gives a byte offset and no mark.
        let at = parser.error == YAML_READER_ERROR ? source.location(ofByte: Int(parser.problem_offset)) : location(parser.problem_mark)
        return Diagnostic(.yamlSyntax, message, at: at, help: syntaxHelp(problem))
    }

    func syntaxHelp(_ problem: String) -> String? {
        if problem.contains("tab") { return "indent with spaces, not tabs" }
        if problem.contains("control characters") { return "write control characters as escapes inside double quotes, e.g. \"\\t\"" }
        if problem.contains("mapping values are not allowed") { return "quote a value that contains ': '" }
        if problem.contains("did not find expected key") { return "check the indentation of this line and the one above" }
        return nil
    }

    static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    mutating func handle(_ event: yaml_event_t) throws(Diagnostic) {
        let at = location(event.start_mark)
        switch event.type {
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: data.value, count: Int(data.length)), as: UTF8.self)
            let plain = data.style == YAML_PLAIN_SCALAR_STYLE && Self.string(data.tag) == nil
            let node = Node(.scalar(Scalar(text: text, isPlain: plain)), at: at)
            try add(node, weight: 1, charge: 1, anchor: Self.string(data.anchor))
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                throw Diagnostic(.yamlSyntax, "unknown alias '*\(name)'", at: at)
            }
            aliasCount += 1
            if aliasCount > limits.maxAliases {
                throw Diagnostic(.limitExceeded, "more than \(limits.maxAliases) aliases", at: at, help: "aliases are limited to stop alias bombs")
            }
            var node = target.node
            node.location = at
            try add(node, weight: target.weight, charge: target.weight, anchor: nil)
        case YAML_MAPPING_START_EVENT:
            try push(Frame(isMapping: true, start: at, anchor: Self.string(event.data.mapping_start.anchor)), at: at)
        case YAML_SEQUENCE_START_EVENT:
            try push(Frame(isMapping: false, start: at, anchor: Self.string(event.data.sequence_start.anchor)), at: at)
        case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
            guard let frame = stack.popLast() else { return }
            let node = Node(frame.isMapping ? .mapping(frame.pairs) : .sequence(frame.elements), at: frame.start)
            try add(node, weight: frame.weight, charge: 0, anchor: frame.anchor)
        default:
            break
        }
    }

    mutating func push(_ frame: Frame, at: SourceLocation) throws(Diagnostic) {
        if stack.count >= limits.maxDepth {
            throw Diagnostic(.limitExceeded, "nesting is deeper than \(limits.maxDepth) levels", at: at)
        }
        totalWeight += 1
        stack.append(frame)
    }

    /// Adds a finished node to its parent. `weight` is the node's size with aliases expanded;
    /// `charge` is what has not yet been counted against the budget (containers are charged as
    /// they open and as their children arrive, an alias at its full expanded size).
    mutating func add(_ node: Node, weight: Int, charge: Int, anchor: String?) throws(Diagnostic) {
        totalWeight += charge
        if totalWeight > limits.maxNodes {
            throw Diagnostic(.limitExceeded, "the document expands to more than \(limits.maxNodes) nodes", at: node.location,
                             help: "aliases that repeat large parts are limited to stop alias bombs")
        }
        if let anchor { anchors[anchor] = (node, weight) }
        let top = stack.count - 1
        guard top >= 0 else {
            documents.append(node)
            anchors = [:]
            return
        }
        stack[top].weight += weight
        guard stack[top].isMapping else {
            stack[top].elements.append(node)
            return
        }
        if let (key, keyLocation) = stack[top].pendingKey {
            stack[top].pairs.append(Pair(key: key, keyLocation: keyLocation, value: node))
            stack[top].pendingKey = nil
        } else {
            guard let scalar = node.scalar else {
                throw Diagnostic(.yamlSyntax, "a key must be a plain word, not \(node.kindName)", at: node.location)
            }
            guard stack[top].seen.insert(scalar.text).inserted || allowsDuplicateKeys else {
                throw Diagnostic(.duplicateKey, "key '\(scalar.text)' appears twice in this mapping", at: node.location,
                                 help: "a mapping holds each key once; merge the two entries")
            }
            stack[top].pendingKey = (scalar.text, node.location)
        }
    }
}
