import Foundation
import XBorder

/// Reads scenario files, reporting every misfit the way policy files report theirs: at a line
/// and column, with a "did you mean" for a misspelt key.
public struct SuiteReader: Sendable {
    public static let suiteKeys = ["suite", "description", "tags", "defaults", "policies", "cases"]
    public static let caseKeys = ["name", "cite", "tags", "flow", "flow-file", "expect"]
    public static let expectKeys = ["outcome", "rules", "citations", "obligations", "no-obligations", "explanation", "notes", "refused"]
    public static let explanationKeys = ["en", "zh"]

    public var limits: ParseLimits
    /// The folder that `flow-file:` paths must stay inside, after `..` and links are resolved;
    /// nil for the suite file's own folder. A suite is data that may come from anyone: it must
    /// not make the runner read, and quote in diagnostics, files such as `/etc/passwd`.
    public var root: String?

    public init(limits: ParseLimits = .standard, root: String? = nil) {
        self.limits = limits
        self.root = root
    }

    /// The root for a suite found from the paths given to `xborder test`: the given folder it
    /// was found in; for a suite file named on its own, the working directory when the file is
    /// below it (so that `xborder test Scenarios/cn/x.yaml` may use `../examples/`), else the
    /// suite's own folder.
    public static func root(for suite: String, among paths: [String]) -> String? {
        let absolute = Self.absolute(suite)
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            let folder = Self.absolute(path)
            if absolute.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") { return path }
        }
        // The file system's root is no boundary at all: then the suite's own folder is.
        let here = FileManager.default.currentDirectoryPath
        guard here != "/", !here.isEmpty else { return nil }
        return absolute.hasPrefix(here.hasSuffix("/") ? here : here + "/") ? here : nil
    }

    /// Reads a suite file from disk.
    public func read(path: String) -> ScenarioSuite {
        let title = (path as NSString).lastPathComponent
        let source: SourceFile
        do {
            source = try SourceFile.read(path: path, limit: limits.maxBytes)
        } catch {
            let diagnostic = Diagnostic(.unreadable, "\(error)", at: SourceLocation(path: path, line: 1, column: 1))
            return ScenarioSuite(path: path, title: title, diagnostics: [diagnostic])
        }
        return read(source)
    }

    /// Reads a suite from its text; `source.path` anchors `policies:` and `flow-file:`.
    public func read(_ source: SourceFile) -> ScenarioSuite {
        var suite = ScenarioSuite(path: source.path, title: (source.path as NSString).lastPathComponent, sources: [source])
        let root: Node
        do {
            root = try YAMLParser(limits: limits).parseDocument(source)
        } catch {
            suite.diagnostics = [error]
            return suite
        }
        var reader = NodeReader()
        guard let fields = reader.mapping(root, "a scenario suite", allowed: Self.suiteKeys) else {
            suite.diagnostics = reader.bag.diagnostics
            return suite
        }
        if let title = reader.require(fields, "suite", in: root, "a scenario suite").flatMap({ reader.string($0, "the suite title") }) {
            suite.title = title
        }
        suite.description = reader.string(fields["description"]?.value, "the description")
        suite.tags = Self.texts(fields["tags"]?.value, "tag", &reader).map(\.text)
        let folder = (source.path as NSString).deletingLastPathComponent
        if let node = fields["policies"]?.value, let policies = reader.string(node, "the policy folder") {
            suite.policies = Self.resolve(policies, against: folder)
        }
        var defaults: Node?
        if let node = fields["defaults"]?.value {
            if node.pairs != nil { defaults = node } else {
                reader.bag.error(.typeMismatch, "expected 'defaults' as a mapping (a partial flow), found \(node.kindName)", at: node.location)
            }
        }
        if let casesNode = reader.require(fields, "cases", in: root, "a scenario suite") {
            if let elements = casesNode.elements {
                if elements.isEmpty {
                    reader.bag.error(.missingKey, "a suite needs at least one case", at: casesNode.location,
                                     help: "add '- name: …' with a 'flow' and an 'expect'")
                }
                var seen: [String: SourceLocation] = [:]
                for (index, element) in elements.enumerated() {
                    var (scenarioCase, flowSources) = readCase(element, index: index, defaults: defaults, folder: folder)
                    if let first = seen[scenarioCase.name] {
                        let at = element["name"]?.location ?? element.location
                        scenarioCase.diagnostics.append(Diagnostic(.duplicateID, "case name '\(scenarioCase.name)' is used twice in the suite", at: at,
                                                                   help: "the first is at line \(first.line); give each case its own name"))
                    } else {
                        seen[scenarioCase.name] = scenarioCase.location
                    }
                    suite.cases.append(scenarioCase)
                    for flowSource in flowSources where !suite.sources.contains(where: { $0.path == flowSource.path }) {
                        suite.sources.append(flowSource)
                    }
                }
            } else {
                reader.bag.error(.typeMismatch, "expected 'cases' as a list, found \(casesNode.kindName)", at: casesNode.location,
                                 help: "start each case with '- name:'")
            }
        }
        suite.diagnostics = reader.bag.sorted
        return suite
    }

    private func readCase(_ node: Node, index: Int, defaults: Node?, folder: String) -> (ScenarioCase, [SourceFile]) {
        var reader = NodeReader()
        var scenarioCase = ScenarioCase(name: "case \(index + 1)", location: node.location)
        var sources: [SourceFile] = []
        guard let fields = reader.mapping(node, "a case", allowed: Self.caseKeys) else {
            scenarioCase.diagnostics = reader.bag.diagnostics
            return (scenarioCase, sources)
        }
        if let name = reader.require(fields, "name", in: node, "a case").flatMap({ reader.string($0, "the case name") }) {
            scenarioCase.name = name
        }
        scenarioCase.cite = reader.string(fields["cite"]?.value, "the citation")
        scenarioCase.tags = Self.texts(fields["tags"]?.value, "tag", &reader).map(\.text)

        var flow: Node?
        switch (fields["flow"], fields["flow-file"]) {
        case (let inline?, nil):
            flow = inline.value
        case (nil, let file?):
            if let relative = reader.string(file.value, "the flow file") {
                let path = Self.resolve(relative, against: folder)
                let inside = root ?? (folder.isEmpty ? "." : folder)
                guard Self.contains(inside, path) else {
                    reader.bag.error(.invalidValue, "flow file '\(relative)' is outside the suite's folder '\(inside)'", at: file.value.location,
                                     help: "a suite reads flow files only from inside its folder (after '..' and links are resolved): copy the flow there, e.g. into examples/")
                    break
                }
                do {
                    let source = try SourceFile.read(path: path, limit: limits.maxBytes)
                    sources.append(source)
                    do {
                        flow = try YAMLParser(limits: limits).parseDocument(source)
                    } catch {
                        reader.bag.append(error)
                    }
                } catch {
                    reader.bag.error(.unreadable, "cannot read flow file '\(relative)': \(Self.reason(error))", at: file.value.location,
                                     help: "the path is relative to the suite file's folder")
                }
            }
        case (_?, let file?):
            reader.bag.error(.conflict, "a case gives both 'flow' and 'flow-file'", at: file.keyLocation, help: "keep one of the two")
        case (nil, nil):
            reader.bag.error(.missingKey, "a case needs 'flow' or 'flow-file'", at: node.location)
        }
        if let flow, let defaults {
            if flow.pairs != nil {
                scenarioCase.flow = FlowDefaults.merge(defaults, under: flow)
            } else {
                reader.bag.error(.typeMismatch, "expected the flow as a mapping, found \(flow.kindName)", at: flow.location)
            }
        } else {
            scenarioCase.flow = flow
        }
        if let expectNode = reader.require(fields, "expect", in: node, "a case") {
            scenarioCase.expectation = readExpectation(expectNode, &reader)
        }
        scenarioCase.diagnostics = reader.bag.sorted
        return (scenarioCase, sources)
    }

    private func readExpectation(_ node: Node, _ reader: inout NodeReader) -> Expectation? {
        guard let fields = reader.mapping(node, "'expect'", allowed: Self.expectKeys) else { return nil }
        if let refusedNode = fields["refused"]?.value {
            guard let code = reader.code(refusedNode, "the diagnostic code") else { return nil }
            if let extra = fields.first(where: { $0.key != "refused" }) {
                reader.bag.error(.conflict, "a case that expects the flow to be refused expects nothing else, not '\(extra.key)'", at: extra.value.keyLocation)
            }
            var expectation = Expectation(outcome: Expectation.Entry("refused", at: refusedNode.location))
            expectation.refused = Expectation.Entry(code, at: refusedNode.location)
            return expectation
        }
        let outcomeNode = reader.require(fields, "outcome", in: node, "'expect'")
        let outcome = outcomeNode.flatMap { node in reader.code(node, "the outcome").map { Expectation.Entry($0, at: node.location) } }
        func references(_ key: String, _ what: String) -> [Expectation.Entry] {
            guard let node = fields[key]?.value else { return [] }
            if node.scalar != nil { return reader.code(node, what).map { [Expectation.Entry($0, at: node.location)] } ?? [] }
            guard let elements = node.elements else {
                reader.bag.error(.typeMismatch, "expected '\(key)' as a list of \(what)s, found \(node.kindName)", at: node.location)
                return []
            }
            return elements.compactMap { element in reader.code(element, what).map { Expectation.Entry($0, at: element.location) } }
        }
        let rules = references("rules", "rule id")
        let obligations = references("obligations", "obligation id")
        let noObligations = references("no-obligations", "obligation id")
        let citations = Self.texts(fields["citations"]?.value, "citation", &reader)
        var en: Expectation.Entry?
        var zh: Expectation.Entry?
        if let explanation = fields["explanation"]?.value,
           let parts = reader.mapping(explanation, "'explanation'", allowed: Self.explanationKeys) {
            if let node = parts["en"]?.value { en = reader.string(node, "the English text").map { Expectation.Entry($0, at: node.location) } }
            if let node = parts["zh"]?.value { zh = reader.string(node, "the Chinese text").map { Expectation.Entry($0, at: node.location) } }
        }
        guard let outcome else { return nil }
        var expectation = Expectation(outcome: outcome, rules: rules, citations: citations, obligations: obligations, noObligations: noObligations,
                                      explanationEN: en, explanationZH: zh)
        expectation.notes = Self.texts(fields["notes"]?.value, "note", &reader)
        return expectation
    }

    /// A list of texts; one scalar is a list of one.
    static func texts(_ node: Node?, _ what: String, _ reader: inout NodeReader) -> [Expectation.Entry] {
        guard let node else { return [] }
        if node.scalar != nil { return reader.string(node, what).map { [Expectation.Entry($0, at: node.location)] } ?? [] }
        guard let elements = node.elements else {
            reader.bag.error(.typeMismatch, "expected a list of \(what)s, found \(node.kindName)", at: node.location)
            return []
        }
        return elements.compactMap { element in reader.string(element, what).map { Expectation.Entry($0, at: element.location) } }
    }

    static func resolve(_ path: String, against folder: String) -> String {
        if path.hasPrefix("/") || folder.isEmpty { return path }
        return (folder as NSString).appendingPathComponent(path)
    }

    /// Whether `path` lies inside `folder` once both are made absolute and their links and `..`
    /// resolved. A path that does not exist is judged by its text, `..` resolved.
    static func contains(_ folder: String, _ path: String) -> Bool {
        let base = realPath(folder) ?? URL(fileURLWithPath: absolute(folder)).standardizedFileURL.path
        let target = realPath(path) ?? URL(fileURLWithPath: absolute(path)).standardizedFileURL.path
        return target.hasPrefix(base.hasSuffix("/") ? base : base + "/")
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
    }

    /// The path with every link and `..` resolved, if it exists.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func reason(_ error: SourceError) -> String { error.reason }
}
