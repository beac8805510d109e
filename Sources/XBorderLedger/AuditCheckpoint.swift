import Crypto
import Foundation

/// A signed statement "the audit chain had this record, with this hash, at this sequence, at
/// this time".
///
/// A hash chain alone cannot stop someone holding the database from rewriting it and
/// recomputing every hash, or from cutting off its tail. A checkpoint signed with a key kept
/// elsewhere can: a later `audit verify --checkpoint` fails when the chain no longer holds the
/// signed hash at that sequence, or is shorter.
///
/// File format: one line of RFC 8785 canonical JSON,
/// `{"format":"xborder-audit-checkpoint-1","hash":…,"publicKey":…,"sequence":…,"signature":…,"time":…}`.
/// `signature` is the base64 Ed25519 signature over the UTF-8 bytes of the canonical JSON of
/// the same object without `signature`; `publicKey` is the signer's raw public key in base64.
public struct AuditCheckpoint: Sendable, Equatable, Codable {
    public static let format = "xborder-audit-checkpoint-1"

    public var format: String
    /// Sequence of the chain's last record when signed (0 for an empty chain).
    public var sequence: Int64
    /// That record's hash (the genesis hash for an empty chain).
    public var hash: String
    /// When the checkpoint was made, ISO 8601 UTC.
    public var time: String
    /// The signer's public key, base64 of its 32 raw bytes.
    public var publicKey: String
    /// Base64 Ed25519 signature of ``signedText``.
    public var signature: String

    /// The canonical JSON the signature covers.
    var signedText: String {
        CanonicalJSON.object([
            "format": .string(format), "sequence": .integer(sequence), "hash": .string(hash),
            "time": .string(time), "publicKey": .string(publicKey),
        ]).text
    }

    /// The file's text.
    var fileText: String {
        CanonicalJSON.object([
            "format": .string(format), "sequence": .integer(sequence), "hash": .string(hash),
            "time": .string(time), "publicKey": .string(publicKey), "signature": .string(signature),
        ]).text + "\n"
    }

    /// Signs the ledger's current head with the private key in `keyFile` and writes the
    /// checkpoint to `path`.
    @discardableResult
    public static func make(ledger: any LedgerStore, keyFile: String, path: String) async throws -> AuditCheckpoint {
        let key = try SigningKeyFile.readPrivate(path: keyFile)
        let head = try await ledger.head()
        var checkpoint = AuditCheckpoint(
            format: format, sequence: head.sequence, hash: head.hash, time: ISODay.nowTimestamp(),
            publicKey: key.publicKey.rawRepresentation.base64EncodedString(), signature: "")
        checkpoint.signature = try key.signature(for: Data(checkpoint.signedText.utf8)).base64EncodedString()
        do {
            try Data(checkpoint.fileText.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw LedgerError.checkpoint(path: path, reason: "cannot be written")
        }
        return checkpoint
    }

    /// Reads a checkpoint and checks its signature against the trusted public key in
    /// `trustedKeyFile`; a checkpoint signed by any other key, or altered, is refused.
    public static func read(path: String, trustedKeyFile: String) throws(LedgerError) -> AuditCheckpoint {
        let trusted = try SigningKeyFile.readPublic(path: trustedKeyFile)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .checkpoint(path: path, reason: "cannot be read")
        }
        let checkpoint: AuditCheckpoint
        do {
            checkpoint = try JSONDecoder().decode(AuditCheckpoint.self, from: data)
        } catch {
            throw .checkpoint(path: path, reason: "is not a checkpoint file")
        }
        guard checkpoint.format == format else {
            throw .checkpoint(path: path, reason: "has format '\(checkpoint.format)', not \(format)")
        }
        guard checkpoint.publicKey == trusted.rawRepresentation.base64EncodedString() else {
            throw .checkpoint(path: path, reason: "was not signed by the trusted key \(trustedKeyFile)")
        }
        guard let signature = Data(base64Encoded: checkpoint.signature),
              trusted.isValidSignature(signature, for: Data(checkpoint.signedText.utf8))
        else {
            throw .checkpoint(path: path, reason: "its signature is not valid: the file was altered or forged")
        }
        return checkpoint
    }
}
