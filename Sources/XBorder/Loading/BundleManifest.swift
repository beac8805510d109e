import Crypto
import Foundation

/// What a bundle states about its policy files: the path, size and SHA-256 of each, in order.
///
/// The manifest's digest is the bundle's identity: it is what a signature signs and what audit
/// records name. It is computed over a line-based text rather than over the JSON of the bundle,
/// so that the identity does not depend on how the bundle file happens to be laid out and can be
/// recomputed with `sha256sum`-like tools.
public struct BundleManifest: Sendable, Hashable {
    /// One policy file as the manifest describes it.
    public struct File: Sendable, Hashable {
        public var path: String
        public var size: Int
        /// Lower-case hex SHA-256 of the file's bytes.
        public var sha256: String

        public init(path: String, size: Int, sha256: String) {
            self.path = path
            self.size = size
            self.sha256 = sha256
        }
    }

    public var files: [File]

    public init(files: [File]) {
        self.files = files
    }

    /// The manifest of these entries.
    public init(entries: [BundleEntry]) {
        files = entries.map { File(path: $0.path, size: $0.content.count, sha256: Hex.string(SHA256.hash(data: $0.content))) }
    }

    /// A header line naming the format, then `sha256 size path` per file, each line ending in a
    /// newline. Paths cannot hold newlines (``BundlePath``), so the text is unambiguous.
    public var canonicalText: String {
        var text = "\(BundleArchive.format) \(BundleArchive.version)\n"
        for file in files { text += "\(file.sha256) \(file.size) \(file.path)\n" }
        return text
    }

    /// `sha256:` and the hex SHA-256 of ``canonicalText``.
    public var digest: String {
        "sha256:" + Hex.string(SHA256.hash(data: Data(canonicalText.utf8)))
    }

    /// The bytes a signature signs: a fixed prefix, so that a signature made for a bundle can
    /// never pass for a signature of anything else made with the same key, then the digest.
    var signedMessage: Data {
        Data("\(BundleArchive.format) \(BundleArchive.version) manifest \(digest)".utf8)
    }
}
