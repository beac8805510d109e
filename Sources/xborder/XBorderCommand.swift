import ArgumentParser

/// The `xborder` command line: a thin layer over the XBorder library.
@main
struct XBorderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xborder",
        abstract: "Decide cross-border data transfers from China against lawyer-written policies.",
        version: ToolInfo.version,
        subcommands: XBorderCommand.allSubcommands
    )
}
