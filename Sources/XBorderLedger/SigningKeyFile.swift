import Crypto
import Foundation

/// Reads and writes the Ed25519 keys that sign audit checkpoints.
///
/// Format, kept deliberately plain so other tools can use the keys: the private key file holds
/// the raw 32-byte Ed25519 private key (the seed) in standard base64 on one line, and is
/// created with mode 0600; the public key file, named like the private one with `.pub`
/// appended, holds the raw 32-byte public key in base64 on one line. Whitespace around the
/// base64 text is ignored when reading.
public enum SigningKeyFile {
    /// Writes a new key pair to `path` and `path.pub`, refusing to overwrite either.
    /// Returns the public key file's path.
    @discardableResult
    public static func generate(path: String) throws(LedgerError) -> String {
        let publicPath = path + ".pub"
        for existing in [path, publicPath] where FileManager.default.fileExists(atPath: existing) {
            throw .keyFile(path: existing, reason: "already exists; it was not overwritten")
        }
        let key = Curve25519.Signing.PrivateKey()
        try create(key.rawRepresentation.base64EncodedString() + "\n", to: path, mode: 0o600)
        try create(key.publicKey.rawRepresentation.base64EncodedString() + "\n", to: publicPath, mode: 0o644)
        return publicPath
    }

    static func readPrivate(path: String) throws(LedgerError) -> Curve25519.Signing.PrivateKey {
        let raw = try read(path)
        do {
            return try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        } catch {
            throw .keyFile(path: path, reason: "is not an ed25519 private key")
        }
    }

    static func readPublic(path: String) throws(LedgerError) -> Curve25519.Signing.PublicKey {
        let raw = try read(path)
        do {
            return try Curve25519.Signing.PublicKey(rawRepresentation: raw)
        } catch {
            throw .keyFile(path: path, reason: "is not an ed25519 public key")
        }
    }

    /// The 32 bytes a key file holds.
    private static func read(_ path: String) throws(LedgerError) -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .keyFile(path: path, reason: "cannot be read")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: text), raw.count == 32 else {
            throw .keyFile(path: path, reason: "must hold one line of base64: a raw 32-byte ed25519 key")
        }
        return raw
    }

    /// Creates `path` with `mode` (never wider, whatever the umask allows) and writes `text`.
    private static func create(_ text: String, to path: String, mode: mode_t) throws(LedgerError) {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw .keyFile(path: path, reason: "cannot be created: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw .keyFile(path: path, reason: "cannot be written: \(String(cString: strerror(errno)))")
        }
    }
}
