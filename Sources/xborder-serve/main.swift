import XBorderCLI
import XBorderPostgres
import XBorderService

XBorderCommand.main()
