/// Why a policy bundle, or a key for one, was refused.
///
/// Every case names the file, because the person reading the message may be looking at a
/// deployment log with several bundles and keys in it.
public enum BundleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// A bundle or key file could not be written.
    case unwritable(path: String, reason: String)
    /// The bundle is larger than the limit: refused before it is read whole.
    case tooLarge(path: String, bytes: Int, limit: Int)
    /// Not a bundle this tool can read: not JSON of the bundle's shape, another format or version.
    case malformed(path: String, reason: String)
    /// The bytes are not the ones the tool writes for this content: hand-edited or altered.
    case notCanonical(path: String)
    /// A path inside the bundle that could escape a folder or that discovery would never produce.
    case unsafePath(path: String, entry: String, reason: String)
    /// A policy file whose bytes do not match what the manifest says of it.
    case contentMismatch(path: String, entry: String)
    /// The recorded digest is not the digest of the manifest.
    case digestMismatch(path: String)
    /// The bundle carries no signature.
    case unsigned(path: String)
    /// The bundle is signed, but by a key that is not trusted.
    case untrustedSigner(path: String, fingerprint: String)
    /// The signature does not verify with the key it names: the manifest or signature changed.
    case badSignature(path: String)
    /// A key file that is not one line of base64 holding a 32-byte Ed25519 key.
    case badKey(path: String, reason: String)
    /// Nothing to bundle.
    case empty(path: String)
    /// A key file that would be overwritten.
    case exists(path: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "\(path): error: \(reason)"
        case let .unwritable(path, reason): "\(path): error: \(reason)"
        case let .tooLarge(path, bytes, limit): "\(path): error: the bundle is \(bytes) bytes, more than the limit of \(limit)"
        case let .malformed(path, reason): "\(path): error: not a readable policy bundle: \(reason)"
        case let .notCanonical(path):
            "\(path): error: the bundle is not byte for byte as 'xborder bundle build' writes it; it was altered after it was written"
        case let .unsafePath(path, entry, reason): "\(path): error: refused path '\(entry)' in the bundle: \(reason)"
        case let .contentMismatch(path, entry):
            "\(path): error: the content of '\(entry)' does not match its manifest entry; the bundle was altered"
        case let .digestMismatch(path): "\(path): error: the recorded digest is not the digest of the manifest; the bundle was altered"
        case let .unsigned(path): "\(path): error: the bundle is not signed; sign it with 'xborder bundle sign \(path) --key KEY'"
        case let .untrustedSigner(path, fingerprint):
            "\(path): error: the bundle is signed by key \(fingerprint), which is not a trusted key"
        case let .badSignature(path): "\(path): error: the signature does not verify; the bundle or its signature was altered"
        case let .badKey(path, reason): "\(path): error: not an Ed25519 key file: \(reason)"
        case let .empty(path): "\(path): error: no policy files (*.yaml, *.yml) to bundle"
        case let .exists(path): "\(path): error: the file exists; a key file is never overwritten"
        }
    }
}
