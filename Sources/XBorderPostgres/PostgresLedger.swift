import PostgresNIO
import XBorderLedger

/// The ledger and audit trail on a PostgreSQL server.
public enum PostgresLedger {}
