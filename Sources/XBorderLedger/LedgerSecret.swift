import Crypto
import Foundation
import XBorder

/// The per-database secret that keys flow digests and pseudonyms.
///
/// An unkeyed hash of a short id or a flow whose fields are mostly codes can be found again
/// by trying candidates; HMAC-SHA256 under a random key drawn when the database is created
/// cannot, unless one holds the database itself (which also holds the ledger in clear).
public struct LedgerSecret: Sendable, Equatable {
    /// 32 random bytes.
    public let data: Data

    /// A secret read back from a store; it must be 32 bytes (the store checks on load).
    public init(data: Data) {
        self.data = data
    }

    public static func generate() -> LedgerSecret {
        LedgerSecret(data: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    /// What a keyed value is about, mixed into the message so that a pseudonym of an id can
    /// never equal the digest of a flow whose text happens to be that id.
    public enum Purpose: String, Sendable {
        /// Flow ids, exporter keys and other identifiers.
        case id
        /// The canonical JSON of a flow.
        case flow
    }

    /// `hmac-sha256:` + hex HMAC-SHA256(secret, purpose ‖ 0x00 ‖ bytes).
    public func keyed(_ bytes: Data, purpose: Purpose) -> String {
        var message = Data(purpose.rawValue.utf8)
        message.append(0)
        message.append(bytes)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: data))
        return "hmac-sha256:" + Hex.string(code)
    }
}
