import XBorderCLI

// The command line lives in XBorderCLI, shared with xborder-serve, which adds `serve` and the
// PostgreSQL store; this binary links neither.
XBorderCommand.main()
