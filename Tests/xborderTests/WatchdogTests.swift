import Foundation
import Testing

/// `.ci/watchdog.sh`, which CI runs the test command under: it keeps the command's output and
/// status, and on silence stops the command and everything it started, and nothing else (a
/// second run on the same machine, whose test process has the same name, must survive it).
@Suite("the CI watchdog")
struct WatchdogTests {
    static let script = Binary.projectRoot.appendingPathComponent(".ci/watchdog.sh").path

    struct Outcome {
        var status: Int32
        var output: String
    }

    static func watch(_ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    static func isAlive(_ pid: Int32) -> Bool { kill(pid, 0) == 0 }

    @Test func keepsTheOutputAndTheStatusOfACommandThatSpeaks() throws {
        let ok = try Self.watch(["--quiet-seconds", "5", "--", "bash", "-c", "echo one; echo two"])
        #expect(ok.status == 0)
        #expect(ok.output == "one\ntwo\n")
        let failed = try Self.watch(["--quiet-seconds", "5", "--", "bash", "-c", "echo out; exit 3"])
        #expect(failed.status == 3)
        #expect(failed.output == "out\n")
    }

    /// The command starts a process named like a test bundle in a process group of its own, as
    /// `swift test` does; another process with the same kind of name runs beside it, started by
    /// no one the watchdog watches.
    @Test func stopsASilentCommandAndWhatItStartedButNoOtherRun() throws {
        let folder = try Binary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inner = folder.appendingPathComponent("innerPackageTests.xctest").path
        let other = folder.appendingPathComponent("otherPackageTests.xctest").path
        try FileManager.default.copyItem(atPath: "/bin/sleep", toPath: inner)
        try FileManager.default.copyItem(atPath: "/bin/sleep", toPath: other)
        let bystander = Process()
        bystander.executableURL = URL(fileURLWithPath: other)
        bystander.arguments = ["300"]
        try bystander.run()
        defer { bystander.terminate() }

        let pidFile = folder.appendingPathComponent("inner.pid").path
        let silent = "set -m; '\(inner)' 300 & echo $! > '\(pidFile)'; echo started; wait"
        let run = try Self.watch(["--quiet-seconds", "3", "--", "bash", "-c", silent])

        #expect(run.status == 124, "\(run.output)")
        #expect(run.output.hasPrefix("started\n"))
        #expect(run.output.contains("watchdog: no output for 3 seconds"))
        let innerPID = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(run.output.contains("watchdog: process \(innerPID): \(inner)"), "\(run.output)")
        #expect(!run.output.contains("process \(bystander.processIdentifier):"))
        #expect(!run.output.contains(other))
        // Stopped processes are reaped by init a moment later.
        var gone = false
        for _ in 0..<50 where !gone {
            gone = !Self.isAlive(innerPID)
            if !gone { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(gone, "the command's test process survived the watchdog")
        #expect(bystander.isRunning, "the watchdog stopped a process it did not start")
    }
}
