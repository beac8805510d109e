import Foundation

/// A policy bundle: the policy files of a folder in one file, with a manifest of their digests and
/// optionally an Ed25519 signature of that manifest (see `docs/policy-bundles.md`).
///
/// The file is one JSON document in a single canonical layout: the same files always give the same
/// bytes, and a reader accepts only those bytes, so that changing any byte of a bundle — a file's
/// content, the manifest, the signature or merely the layout — is refused.
public struct BundleArchive: Sendable, Hashable {
    /// The `format` field, also the first word of the manifest text and of the signed message.
    public static let format = "xborder-policy-bundle"
    /// The layout version this tool writes and reads.
    public static let version = 1

    /// The policy files, in ascending path order, paths unique and safe.
    public private(set) var entries: [BundleEntry]
    /// The signature, when the bundle was signed.
    public var signature: BundleSignature?

    /// Checks the entries' paths and orders them. Duplicate and unsafe paths are refused.
    public init(entries: [BundleEntry], signature: BundleSignature? = nil, path: String = "bundle",
                limits: BundleLimits = .standard) throws(BundleError) {
        if entries.count > limits.maxFiles {
            throw .malformed(path: path, reason: "\(entries.count) files, more than the limit of \(limits.maxFiles)")
        }
        let sorted = entries.sorted { $0.path < $1.path }
        for (index, entry) in sorted.enumerated() {
            if let problem = BundlePath.problem(entry.path, limits: limits) {
                throw .unsafePath(path: path, entry: entry.path, reason: problem)
            }
            // String equality is Unicode-canonical: two spellings of one name are one path.
            if index > 0, sorted[index - 1].path == entry.path {
                throw .unsafePath(path: path, entry: entry.path, reason: "the path appears twice")
            }
        }
        self.entries = sorted
        self.signature = signature
    }

    public var manifest: BundleManifest { BundleManifest(entries: entries) }

    /// The bundle's identity: the manifest digest (unchanged by signing).
    public var digest: String { manifest.digest }

    /// Every policy file below `directory`, found as `--policies` finds them.
    public static func build(directory: String, limits: BundleLimits = .standard) throws(BundleError) -> BundleArchive {
        let root = directory.hasSuffix("/") ? directory : directory + "/"
        let files = PolicyLoader.policyFiles(in: directory)
        if files.isEmpty { throw .empty(path: directory) }
        var entries: [BundleEntry] = []
        for file in files {
            guard let content = FileManager.default.contents(atPath: file) else {
                throw .unreadable(path: file, reason: "the policy file cannot be read")
            }
            entries.append(BundleEntry(path: file.hasPrefix(root) ? String(file.dropFirst(root.count)) : file, content: content))
        }
        let archive = try BundleArchive(entries: entries, path: directory, limits: limits)
        let size = archive.serialized().count
        if size > limits.maxBytes { throw .tooLarge(path: directory, bytes: size, limit: limits.maxBytes) }
        return archive
    }

    /// Signs the bundle with `key`, replacing any earlier signature.
    public mutating func sign(with key: SigningKey) throws(BundleError) {
        signature = try BundleSignature(signing: manifest, with: key)
    }

    /// Checks the signature against the trusted keys and returns the signer.
    ///
    /// Integrity (contents against the manifest, the digest, the layout) was checked when the
    /// bundle was read; this is the question of who vouches for the manifest.
    public func signer(trusting keys: [VerifyingKey], path: String) throws(BundleError) -> VerifyingKey {
        guard let signature else { throw .unsigned(path: path) }
        guard keys.contains(signature.key) else { throw .untrustedSigner(path: path, fingerprint: signature.key.fingerprint) }
        guard signature.isValid(for: manifest) else { throw .badSignature(path: path) }
        return signature.key
    }
}
