/// Everything that can go wrong opening, writing or reading the ledger, worded for the person
/// running the tool: each message names the file and says what to do where that helps.
public enum LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file exists but is not an SQLite database (or its header is damaged).
    case notADatabase(path: String)
    /// SQLite reports the database as damaged.
    case corrupt(path: String, detail: String)
    /// Another process held the database for longer than the busy timeout.
    case locked(path: String)
    /// The database was migrated by a newer xborder; this tool must not touch it.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The file is an SQLite database made by something else.
    case notALedger(path: String)
    /// The file or its folder cannot be opened, created or written.
    case cannotOpen(path: String, reason: String)
    /// A date that must be a real `yyyy-MM-dd` day is not.
    case invalidDate(String, field: String)
    /// A counting window whose start is after its end.
    case invalidWindow(start: String, end: String)
    /// A ledger entry that cannot be stored as given.
    case invalidEntry(String)
    /// An audit record that does not belong with the entry it is recorded with.
    case invalidAudit(String)
    /// An import file line that cannot be read; nothing from the file was imported.
    case malformedImport(path: String, line: Int, reason: String)
    /// An import file that cannot be read at all.
    case cannotRead(path: String, reason: String)
    /// A stored audit record that cannot be read back (run `xborder audit verify`).
    case unreadableAuditRecord(sequence: Int64, reason: String)
    /// Any other database failure, with SQLite's own message.
    case database(path: String, message: String)
    /// The disk (or the file system's quota) is full; the transaction was rolled back.
    case diskFull(path: String)
    /// The database was written by an older xborder whose records this one does not verify.
    case olderSchema(path: String)
    /// A figure or a sum beyond what the ledger holds; nothing was written.
    case overflow(String)
    /// A signing key file that cannot be read, written or used.
    case keyFile(path: String, reason: String)
    /// A checkpoint file that cannot be read or written.
    case checkpoint(path: String, reason: String)

    /// True when the database itself cannot be written or read (full disk, read-only or
    /// missing file, lock held too long, i/o error): every further flow would fail the same
    /// way, so `check --record` stops at the first such error with the "could not be written"
    /// status instead of repeating it per flow.
    public var isEnvironmental: Bool {
        switch self {
        case .diskFull, .cannotOpen, .locked, .database, .corrupt, .notADatabase, .notALedger, .newerSchema,
             .olderSchema:
            return true
        case .invalidDate, .invalidWindow, .invalidEntry, .invalidAudit, .malformedImport, .cannotRead,
             .unreadableAuditRecord, .overflow, .keyFile, .checkpoint:
            return false
        }
    }

    public var description: String {
        switch self {
        case let .notADatabase(path):
            return "\(path) is not an xborder database (not an sqlite file, or its header is damaged)"
        case let .corrupt(path, detail):
            return "\(path) is damaged: \(detail); restore it from a backup"
        case let .locked(path):
            return "\(path) is locked by another process; try again when it has finished"
        case let .newerSchema(path, unknown):
            return "\(path) was written by a newer xborder (schema \(unknown.joined(separator: ", "))); "
                + "upgrade xborder to use it, nothing was changed"
        case let .notALedger(path):
            return "\(path) is an sqlite database but not an xborder ledger; nothing was changed"
        case let .cannotOpen(path, reason):
            return "cannot open \(path): \(reason)"
        case let .invalidDate(value, field):
            return "\(field) '\(value)' is not a calendar date written yyyy-mm-dd"
        case let .invalidWindow(start, end):
            return "counting window starts \(start), after it ends \(end)"
        case let .invalidEntry(reason):
            return "invalid ledger entry: \(reason)"
        case let .invalidAudit(reason):
            return "invalid audit record: \(reason)"
        case let .malformedImport(path, line, reason):
            return "\(path):\(line): \(reason); nothing was imported"
        case let .cannotRead(path, reason):
            return "cannot read \(path): \(reason)"
        case let .unreadableAuditRecord(sequence, reason):
            return "audit record \(sequence) cannot be read (\(reason)); run xborder audit verify"
        case let .database(path, message):
            return "database error in \(path): \(message)"
        case let .diskFull(path):
            return "cannot write \(path): the disk is full; nothing of the failed write was kept, free space and record again"
        case let .olderSchema(path):
            return "\(path) was written by an older xborder whose audit records are not bound to the ledger; "
                + "this version does not convert them (that would rewrite the chain): keep the file as it is, "
                + "start a new database and import its history with 'xborder ledger import'"
        case let .overflow(reason):
            return "number too large: \(reason)"
        case let .keyFile(path, reason):
            return "key file \(path): \(reason)"
        case let .checkpoint(path, reason):
            return "checkpoint \(path): \(reason)"
        }
    }
}
