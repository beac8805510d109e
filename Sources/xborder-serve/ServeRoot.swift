import ArgumentParser
import Foundation
import XBorderCLI

/// `xborder-serve`: every command of `xborder`, and `serve`. The `xborder` binary hands `serve`
/// (and commands given a `postgres://` database) to this one, which links the HTTP server and
/// the PostgreSQL client that `xborder check` never loads.
struct ServeRoot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xborder",
        abstract: XBorderCommand.configuration.abstract,
        version: XBorderCommand.configuration.version,
        subcommands: XBorderCommand.allSubcommands + [ServeCommand.self]
    )

    /// Runs the command with the exit statuses of `xborder`: misused options exit 2.
    static func start() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                var standardError = StandardError()
                print(fullMessage(for: error), to: &standardError)
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
