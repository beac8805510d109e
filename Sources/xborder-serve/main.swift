import XBorderCLI
import XBorderPostgres
import XBorderService

await ServeRoot.start()
