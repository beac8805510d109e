import Foundation

/// Loads a policy folder: finds its YAML files, parses, reads, validates and compiles them.
public struct PolicyLoader: Sendable {
    public var limits: ParseLimits

    public init(limits: ParseLimits = .standard) {
        self.limits = limits
    }

    /// The outcome of loading: the compiled policy when there were no errors, and every
    /// diagnostic with the sources needed to show them.
    public struct Result: Sendable {
        public var policy: CompiledPolicy?
        public var diagnostics: [Diagnostic]
        public var sources: [SourceFile]
        public var fileCount: Int
        public var ruleCount: Int
        /// The documents as read, for analyses that need the authors' text and places (lint).
        package var set: PolicySet?

        public var renderer: DiagnosticRenderer { DiagnosticRenderer(sources: sources) }
    }

    /// Loads and reports everything found, errors included (what `xborder validate` shows).
    public func load(directory: String) -> Result {
        load(directory: directory, cache: nil)
    }

    /// Loads a folder through a cache of compiled policies: when the cache holds the policy of
    /// exactly these files' content, it is used instead of compiling them; otherwise they are
    /// compiled and, when they compile, stored for the next run. A policy from the cache comes
    /// without warnings and without the documents as read (`set`): commands that report on the
    /// policy itself load without a cache.
    public func load(directory: String, cache: PolicyCache?) -> Result {
        var bag = DiagnosticBag()
        let listing = FileTree.walk(directory, extensions: Self.policyExtensions)
        let files = listing.files
        bag.append(contentsOf: listing.problems)
        if files.isEmpty {
            bag.error(.emptyPolicy, "no policy files (*.yaml) in '\(directory)'", at: SourceLocation(path: directory, line: 1, column: 1),
                      help: "point --policies at a folder of policy YAML files")
            return Result(policy: nil, diagnostics: bag.sorted, sources: [], fileCount: 0, ruleCount: 0)
        }
        var inputs: [(relative: String, source: SourceFile)] = []
        let root = directory.hasSuffix("/") ? directory : directory + "/"
        for path in files {
            do {
                let source = try SourceFile.read(path: path, limit: limits.maxBytes)
                // The digest covers each file's path inside the folder, however the folder was
                // named (`Policies`, `Policies/`, `./Policies` or an absolute path).
                inputs.append((path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path, source))
            } catch {
                bag.error(.unreadable, "\(error)", at: SourceLocation(path: path, line: 1, column: 1))
            }
        }
        // Only a folder read without any problem is looked up: a problem is the compiler's to report.
        guard let cache, bag.diagnostics.isEmpty else { return compile(inputs, bag: bag, fileCount: files.count) }
        var digest = PolicyDigest()
        for (relative, source) in inputs { digest.add(relative: relative, text: source.text) }
        if let entry = cache.read(digest: digest.value, root: root) {
            return Result(policy: entry.policy, diagnostics: [], sources: inputs.map(\.source), fileCount: files.count, ruleCount: entry.ruleCount)
        }
        let result = compile(inputs, bag: bag, fileCount: files.count)
        if let policy = result.policy { cache.write(PolicyCache.Entry(policy: policy, ruleCount: result.ruleCount), root: root) }
        return result
    }

    /// The one pipeline for a folder's files and a bundle's: parse, read, assemble and compile
    /// the sources, each with the path inside the policy set that the digest covers.
    func compile(_ inputs: [(relative: String, source: SourceFile)], bag: DiagnosticBag, fileCount: Int) -> Result {
        var bag = bag
        var documents: [PolicyDocument] = []
        var digest = PolicyDigest()
        let parser = YAMLParser(limits: limits)
        var unavailable = Unavailable()
        for (relative, source) in inputs {
            digest.add(relative: relative, text: source.text)
            do {
                let node = try parser.parseDocument(source)
                var reader = PolicyReader()
                let document = reader.read(node)
                if let document { documents.append(document) }
                bag.append(contentsOf: reader.reader.bag.diagnostics)
                unavailable.addUnread(node, document: document, errors: reader.reader.bag.diagnostics)
            } catch {
                bag.append(error)
                unavailable.addUnparsed(source, error: error, limits: limits)
            }
        }
        var set = PolicySet(vocabularies: [], packs: [], lists: [], catalogs: [], digest: digest.value)
        for document in documents {
            switch document {
            case .vocabulary(let v): set.vocabularies.append(v)
            case .pack(let p): set.packs.append(p)
            case .list(let l): set.lists.append(l)
            case .catalog(let c): set.catalogs.append(c)
            }
        }
        let (policy, compileDiagnostics) = Compiler().compileCollecting(set)
        bag.append(contentsOf: unavailable.link(compileDiagnostics))
        let ok = !bag.hasErrors
        var result = Result(policy: ok ? policy : nil, diagnostics: bag.sorted, sources: inputs.map(\.source), fileCount: fileCount,
                            ruleCount: set.packs.reduce(0) { $0 + $1.rules.count } + set.lists.count)
        result.set = set
        return result
    }

    /// Every `.yaml`/`.yml` file below a folder, in a stable order; hidden folders are skipped.
    public static func policyFiles(in directory: String) -> [String] {
        FileTree.files(in: directory, extensions: policyExtensions)
    }

    static let policyExtensions: Set<String> = ["yaml", "yml"]
}
