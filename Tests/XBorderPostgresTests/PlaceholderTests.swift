import Testing
import XBorderPostgres
