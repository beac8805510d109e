import Foundation

/// A bundle's signature: who signed (the public key itself, so that a refusal can name the
/// signer) and the Ed25519 signature of the manifest digest.
public struct BundleSignature: Sendable, Hashable {
    /// The only algorithm written and accepted.
    public static let algorithm = "ed25519"

    public var key: VerifyingKey
    /// The 64-byte Ed25519 signature of ``BundleManifest/signedMessage``.
    public var value: Data

    public init(key: VerifyingKey, value: Data) {
        self.key = key
        self.value = value
    }

    /// Signs a manifest.
    public init(signing manifest: BundleManifest, with key: SigningKey) throws(BundleError) {
        self.key = key.verifyingKey
        value = try key.signature(for: manifest.signedMessage)
    }

    /// Whether this is a valid signature of `manifest` by ``key``.
    public func isValid(for manifest: BundleManifest) -> Bool {
        key.isValidSignature(value, for: manifest.signedMessage)
    }
}
