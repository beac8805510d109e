import Foundation
import Testing

/// `xborder serve` and every command given a database server URL run in `xborder-serve`; the
/// `xborder` binary itself holds neither the HTTP server nor the PostgreSQL client.
@Suite("xborder hands the service and database servers to xborder-serve")
struct ServeForwardingTests {
    @Test func serveIsXborderServes() throws {
        let run = try Binary.run(["serve", "--help"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("--token-file") && run.stdout.contains("--max-body-bytes"), "\(run.stdout.prefix(800))")
    }

    /// A URL goes to the sibling, which has the client: the error is the server's refusal, not
    /// "this program has no postgres:// client", and the password is never shown.
    @Test(arguments: [["ledger", "show"], ["audit", "verify"]])
    func aServerURLIsOpenedByTheSibling(command: [String]) throws {
        let url = "postgres://desk:s3cret@127.0.0.1:1/xborder?connect_timeout=2"
        for arguments in [command + ["--db", url], command + ["--db=" + url]] {
            let run = try Binary.run(arguments)
            #expect(run.status != 0)
            #expect(!run.stderr.contains("no postgres:// client"), "\(run.stderr)")
            #expect(run.stderr.contains("127.0.0.1:1"), "\(run.stderr)")
            #expect(!run.stderr.contains("s3cret"), "\(run.stderr)")
        }
    }

    @Test func xborderItselfLinksNoServerOrClient() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["nm", Binary.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && text.contains("XBorder"), "nm printed \(text.prefix(200))")
        for library in ["Hummingbird", "PostgresNIO", "NIOPosix"] {
            #expect(!text.contains(library), "xborder links \(library)")
        }
    }
}
