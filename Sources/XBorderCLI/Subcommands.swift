import ArgumentParser

extension XBorderCommand {
    /// Every subcommand, in the order `--help` lists them.
    public static let allSubcommands: [ParsableCommand.Type] = [
        CheckCommand.self,
        ExplainCommand.self,
        ValidateCommand.self,
        TestCommand.self,
        LedgerCommand.self,
        AuditCommand.self,
        BundleCommand.self,
        DocsCommand.self,
        LintForwardCommand.self,
        DiffForwardCommand.self,
    ]
}
