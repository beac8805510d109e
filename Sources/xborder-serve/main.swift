import ArgumentParser
import XBorderCLI
import XBorderPostgres
import XBorderService

/// `xborder-serve`: every `xborder` command, plus `serve`, with the database server stores.
struct ServeRoot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xborder",
        abstract: "Decide cross-border data transfers from China: the commands of xborder, the service and database servers.",
        version: ToolInfo.version,
        subcommands: XBorderCommand.allSubcommands + [ServeCommand.self]
    )
}

// `--db postgres://…` and `postgresql://…` open the shared PostgreSQL store.
PostgresLedger.register()
await XBorderCommand.main(root: ServeRoot.self)
