import Crypto
import Foundation
import XBorder

/// The Ed25519 keys that sign audit checkpoints, in the one key file format of the tool.
///
/// `XBorder.KeyFile` reads and writes them (the raw 32-byte key as one line of base64, the
/// private file created 0600, the public one beside it as `KEY.pub`), so a key made by
/// `xborder bundle keygen` or `xborder audit keygen` serves either purpose. This adapter only
/// turns its keys into the crypto library's and its errors into the ledger's.
public enum SigningKeyFile {
    /// Writes a new key pair to `path` and `path.pub`, refusing to overwrite either.
    /// Returns the public key file's path.
    @discardableResult
    public static func generate(path: String) throws(LedgerError) -> String {
        do {
            _ = try KeyFile.generate(at: path)
        } catch {
            throw ledgerError(error, path: path)
        }
        return path + ".pub"
    }

    static func readPrivate(path: String) throws(LedgerError) -> Curve25519.Signing.PrivateKey {
        do {
            return try Curve25519.Signing.PrivateKey(rawRepresentation: try KeyFile.readSigningKey(path: path).raw)
        } catch let error as BundleError {
            throw ledgerError(error, path: path)
        } catch {
            throw .keyFile(path: path, reason: "is not an ed25519 private key")
        }
    }

    static func readPublic(path: String) throws(LedgerError) -> Curve25519.Signing.PublicKey {
        do {
            return try Curve25519.Signing.PublicKey(rawRepresentation: try KeyFile.readVerifyingKey(path: path).raw)
        } catch let error as BundleError {
            throw ledgerError(error, path: path)
        } catch {
            throw .keyFile(path: path, reason: "is not an ed25519 public key")
        }
    }

    private static func ledgerError(_ error: BundleError, path: String) -> LedgerError {
        switch error {
        case .exists(let existing): .keyFile(path: existing, reason: "already exists; it was not overwritten")
        case .badKey(_, let reason), .unreadable(_, let reason), .unwritable(_, let reason): .keyFile(path: path, reason: reason)
        default: .keyFile(path: path, reason: "\(error)")
        }
    }
}
