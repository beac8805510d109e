import Foundation
import PostgresNIO
import XBorderLedger

/// Turns postgres-nio's failures into ``LedgerError`` messages that name the server (without
/// its password) and say what to do, as the SQLite ledger's do for its file.
enum PostgresFailure {
    /// SQLSTATEs after which the whole write transaction is tried again: the server rolled it
    /// back because of another transaction, not because of this one's content.
    static let retryable: Set<String> = ["40001", "40P01"]

    /// The SQLSTATE of a server error, if `error` is one.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    static func ledgerError(_ error: any Error, location: String, database: String, user: String) -> any Error {
        if error is LedgerError || error is CancellationError { return error }
        if let error = error as? PSQLError {
            return ledgerError(error, location: location, database: database, user: user)
        }
        if let reason = connectionReason(error) {
            return LedgerError.cannotOpen(path: location, reason: reason)
        }
        return LedgerError.database(path: location, message: String(describing: error))
    }

    private static func ledgerError(_ error: PSQLError, location: String, database: String, user: String) -> any Error {
        switch error.code {
        case .server:
            break
        case .connectionError:
            let reason = error.underlying.flatMap(connectionReason) ?? "cannot connect to the server"
            return LedgerError.cannotOpen(path: location, reason: reason)
        case .serverClosedConnection, .uncleanShutdown:
            return LedgerError.database(
                path: location, message: "the server closed the connection; nothing of the failed write was kept")
        case .clientClosedConnection, .poolClosed:
            return LedgerError.database(path: location, message: "the store was closed")
        case .sslUnsupported:
            return LedgerError.cannotOpen(
                path: location, reason: "the server does not offer TLS, which sslmode requires (or use sslmode=disable)")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return LedgerError.cannotOpen(path: location, reason: "the TLS connection could not be set up")
        case .authMechanismRequiresPassword:
            return LedgerError.cannotOpen(path: location, reason: "the server asks for a password and the URL gives none")
        case .unsupportedAuthMechanism:
            return LedgerError.cannotOpen(path: location, reason: "the server asks for an authentication method this tool does not speak")
        case .saslError:
            return LedgerError.cannotOpen(path: location, reason: "password authentication failed for user '\(user)'")
        case .queryCancelled:
            return LedgerError.database(path: location, message: "the query was cancelled")
        default:
            return LedgerError.database(path: location, message: "postgres-nio error \(error.code)")
        }
        let state = error.serverInfo?[.sqlState] ?? ""
        let message = error.serverInfo?[.message] ?? "server error"
        let detail = error.serverInfo?[.detail].map { ": \($0)" } ?? ""
        switch state {
        case "28P01", "28000":
            return LedgerError.cannotOpen(path: location, reason: "the server refused user '\(user)' (\(message))")
        case "3D000":
            return LedgerError.cannotOpen(
                path: location, reason: "database '\(database)' does not exist on the server; create it first (createdb \(database))")
        case "53100":
            return LedgerError.diskFull(path: location)
        case "53300":
            return LedgerError.cannotOpen(path: location, reason: "the server has too many connections; try again later")
        case "57P01", "57P02", "57P03":
            return LedgerError.database(path: location, message: "the server is shutting down or starting up (\(message))")
        case "25006":
            return LedgerError.cannotOpen(path: location, reason: "it was opened for reading only")
        case "42501":
            return LedgerError.cannotOpen(path: location, reason: "user '\(user)' lacks a privilege: \(message)")
        case "55P03", "40001", "40P01":
            return LedgerError.locked(path: location)
        case "22021":
            // PostgreSQL's TEXT cannot hold a NUL byte; ids are BYTEA, but dates and the like
            // are text.
            return LedgerError.invalidAudit("a field holds a NUL byte or bytes that are not UTF-8, which the server cannot store")
        case "XX001", "XX002":
            return LedgerError.corrupt(path: location, detail: message)
        default:
            return LedgerError.database(path: location, message: "\(message)\(detail) (sqlstate \(state))")
        }
    }

    /// Why a connection could not be made, in words, when `error` is one of NIO's.
    private static func connectionReason(_ error: any Error) -> String? {
        if let error = error as? NIOConnectionError {
            if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty {
                return "cannot resolve the server's host name '\(error.host)'"
            }
            if let first = error.connectionErrors.first {
                return connectionReason(first.error) ?? "cannot connect to the server"
            }
            return "cannot connect to the server"
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "the server refused the connection (is PostgreSQL running there?)"
            case ENOENT: return "no server socket there (is PostgreSQL running there?)"
            case ETIMEDOUT: return "connecting to the server timed out"
            case EHOSTUNREACH, ENETUNREACH: return "the server cannot be reached"
            default: return "cannot connect to the server: \(String(cString: strerror(error.errnoCode)))"
            }
        }
        if let error = error as? ChannelError, case .connectTimeout = error {
            return "connecting to the server timed out"
        }
        return nil
    }
}
