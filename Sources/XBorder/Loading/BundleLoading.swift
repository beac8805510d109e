import Crypto
import Foundation

extension PolicyLoader {
    /// Loads a verified bundle's policies from memory, nothing unpacked to disk.
    ///
    /// Diagnostics name each file as `BUNDLE/relative/path.yaml`, so a problem can be found in the
    /// folder the bundle was built from.
    public func load(bundle: VerifiedBundle) -> Result {
        load(entries: bundle.archive.entries, origin: bundle.path)
    }

    /// Loads policy files held in memory exactly as ``load(directory:)`` loads a folder with the
    /// same files: same diagnostics, same compiled policy, and the same policy digest.
    ///
    /// Entries are taken in path order whatever order they come in, as a folder walk sorts them.
    public func load(entries: [BundleEntry], origin: String) -> Result {
        var bag = DiagnosticBag()
        let ordered = entries.sorted { $0.path < $1.path }
        if ordered.isEmpty {
            bag.error(.emptyPolicy, "no policy files (*.yaml) in '\(origin)'", at: SourceLocation(path: origin, line: 1, column: 1),
                      help: "build the bundle from a folder of policy YAML files")
            return Result(policy: nil, diagnostics: bag.sorted, sources: [], fileCount: 0, ruleCount: 0)
        }
        var inputs: [(relative: String, source: SourceFile)] = []
        for entry in ordered {
            let path = origin + "/" + entry.path
            let at = SourceLocation(path: path, line: 1, column: 1)
            if entry.content.count > limits.maxBytes {
                bag.error(.unreadable, "\(SourceError.tooLarge(path: path, bytes: entry.content.count, limit: limits.maxBytes))", at: at)
                continue
            }
            guard let text = String(data: entry.content, encoding: .utf8) else {
                bag.error(.unreadable, "\(SourceError.unreadable(path: path, reason: "is not UTF-8 text"))", at: at)
                continue
            }
            inputs.append((entry.path, SourceFile(path: path, text: text)))
        }
        return compile(inputs, bag: bag, fileCount: ordered.count)
    }
}

/// The policy digest as ``PolicyLoader/load(directory:)`` computes it: each file's path inside the
/// policy folder and its text, each followed by a zero byte, in path order. It depends on the
/// content only, not on how the folder was named.
struct PolicyDigest {
    private var hasher = SHA256()

    mutating func add(relative: String, text: String) {
        hasher.update(data: Data(relative.utf8))
        hasher.update(data: Data([0]))
        hasher.update(data: Data(text.utf8))
        hasher.update(data: Data([0]))
    }

    var value: String { "sha256:" + Hex.string(hasher.finalize()) }
}

extension BundleArchive {
    /// The policy digest that loading this bundle gives (the digest of `check`'s output and of
    /// audit records), computed without compiling; nil when a file is not UTF-8 text.
    public var policyDigest: String? {
        var digest = PolicyDigest()
        for entry in entries {
            guard let text = String(data: entry.content, encoding: .utf8) else { return nil }
            digest.add(relative: entry.path, text: text)
        }
        return digest.value
    }
}
