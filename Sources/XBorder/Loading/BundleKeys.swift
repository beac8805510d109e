import Crypto
import Foundation

/// An Ed25519 private key that signs policy bundles.
///
/// Kept as its 32 raw bytes so that the value is plainly `Sendable` and the library's callers
/// never need to import the crypto library to pass a key around.
public struct SigningKey: Sendable {
    package let raw: Data

    init(raw: Data) throws(BundleError) {
        guard raw.count == 32, (try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)) != nil else {
            throw .badKey(path: "", reason: "a private key is 32 bytes")
        }
        self.raw = raw
    }

    /// A new random key.
    public static func generate() -> SigningKey {
        SigningKey(unchecked: Curve25519.Signing.PrivateKey().rawRepresentation)
    }

    private init(unchecked raw: Data) { self.raw = raw }

    /// The key that checks this key's signatures.
    public var verifyingKey: VerifyingKey {
        // The raw bytes were accepted by the crypto library when this value was made.
        let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        return VerifyingKey(unchecked: key?.publicKey.rawRepresentation ?? Data())
    }

    /// The Ed25519 signature of `message`.
    func signature(for message: Data) throws(BundleError) -> Data {
        do {
            return try Curve25519.Signing.PrivateKey(rawRepresentation: raw).signature(for: message)
        } catch {
            throw .badKey(path: "", reason: "the key could not sign: \(error)")
        }
    }
}

/// An Ed25519 public key: the signer named in a bundle, or a key the user trusts.
public struct VerifyingKey: Sendable, Hashable {
    /// The 32 raw bytes of the key, as stored (base64) in key files and bundles.
    public let raw: Data

    init(raw: Data) throws(BundleError) {
        guard raw.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil else {
            throw .badKey(path: "", reason: "a public key is 32 bytes")
        }
        self.raw = raw
    }

    fileprivate init(unchecked raw: Data) { self.raw = raw }

    /// `sha256:` and the hex SHA-256 of the raw key: how messages and audit records name a
    /// signer, since a fingerprint cannot be mistaken for the key file's own text.
    public var fingerprint: String {
        "sha256:" + Hex.string(SHA256.hash(data: raw))
    }

    /// Whether `signature` is this key's signature of `message`.
    func isValidSignature(_ signature: Data, for message: Data) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}

/// Lower-case hex of bytes, as every digest in the tool is written.
package enum Hex {
    package static func string<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
