import Foundation
import XBorder

/// The costs a user sees, measured on the built `xborder` binary as a child process: an
/// inventory checked end to end (read, decide, report, write), and the time a one-flow check
/// takes from exec to exit, start-up included. The in-process figures leave both out.
struct EndToEnd {
    var binary: String
    /// `--policies DIR` when the benchmark was given a folder; empty for the bundled policies.
    var policyArguments: [String]
    /// A one-flow file, for the start-up measurement.
    var example: String

    /// The `xborder` to run: `XBORDER`, else the one built next to this benchmark.
    static func binary() -> String? {
        if let path = ProcessInfo.processInfo.environment["XBORDER"], !path.isEmpty { return path }
        let own = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let sibling = own.deletingLastPathComponent().appendingPathComponent("xborder").path
        return FileManager.default.isExecutableFile(atPath: sibling) ? sibling : nil
    }

    /// Writes `count` generated flows as JSON Lines in the public flow format.
    static func writeInventory(_ flows: [Flow], to path: String) throws -> Int {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = Data()
        for flow in flows {
            out.append(try encoder.encode(flow))
            out.append(0x0A)
        }
        try out.write(to: URL(fileURLWithPath: path))
        return out.count
    }

    /// What one run of the child cost.
    struct Run {
        var seconds: Double
        /// The child's peak resident memory in bytes; 0 when not measured.
        var peakBytes: Int
        var status: Int32
    }

    /// Runs the binary with standard output and standard error on /dev/null and waits for it.
    ///
    /// The peak resident memory comes from `/usr/bin/time` when there is one: Linux carries the
    /// spawning process's high-water mark into a child it spawns directly (the child starts
    /// sharing this process's memory), so `wait4`'s `ru_maxrss` of a direct child is at least
    /// this benchmark's own peak. `time` forks the binary from its own small process instead.
    func run(_ arguments: [String], measuringMemory: Bool = true) -> Run? {
        let time = "/usr/bin/time"
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("xborder-bench-rss-\(getpid())").path
        let viaTime = measuringMemory && FileManager.default.isExecutableFile(atPath: time)
        defer { if viaTime { try? FileManager.default.removeItem(atPath: report) } }
        let command = viaTime ? [time, "-f", "%M", "-o", report, binary] + arguments : [binary] + arguments
        guard var run = spawn(command) else { return nil }
        if viaTime {
            guard let text = try? String(contentsOfFile: report, encoding: .utf8),
                  let kilobytes = text.split(separator: "\n").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else { return nil }
            run.peakBytes = kilobytes * 1024
        } else {
            run.peakBytes = 0
        }
        return run
    }

    private func spawn(_ command: [String]) -> Run? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
        let argv = command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        guard posix_spawn(&pid, command[0], &actions, nil, argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        guard waitpid(pid, &status, 0) == pid else { return nil }
        let seconds = Benchmark.milliseconds(ContinuousClock.now - start) / 1000
        let exited = status & 0x7F == 0
        return Run(seconds: seconds, peakBytes: 0, status: exited ? (status >> 8) & 0xFF : -1)
    }

    /// Checks the inventory once with the full JSON output and once with `--explain none`, and
    /// a one-flow check `repeats` times; prints the figures.
    func measure(inventory: String, flowCount: Int, bytes: Int, repeats: Int) {
        let policies = policyArguments.isEmpty ? "" : " " + policyArguments.joined(separator: " ")
        print("end to end: \(binary) check INVENTORY --format json [--explain none]\(policies), output to /dev/null")
        print("  inventory: \(flowCount) flows, " + String(format: "%.1f", Double(bytes) / 1e6) + " MB of JSON Lines (\(inventory))")
        for (label, extra) in [("full output", [String]()), ("--explain none", ["--explain", "none"])] {
            guard let run = run(["check", inventory, "--format", "json"] + policyArguments + extra) else {
                print("  \(label): could not run \(binary)")
                continue
            }
            // 0: every flow exempt, 1: some need a mechanism; anything else means the run failed.
            let failed = run.status == 0 || run.status == 1 ? "" : " (exit status \(run.status): not every flow was decided)"
            let name = (label + ":").padding(toLength: 16, withPad: " ", startingAt: 0)
            print("  " + name + String(format: "%7.2f s wall, %8.0f flows/s, ", run.seconds, Double(flowCount) / run.seconds) + Self.memory(run.peakBytes) + failed)
        }
        // Timed without /usr/bin/time in between, which would add its own start to each run.
        var times: [Double] = []
        for _ in 0..<repeats {
            guard let run = run(["check", example] + policyArguments, measuringMemory: false) else { break }
            times.append(run.seconds * 1000)
        }
        let peak = run(["check", example] + policyArguments)?.peakBytes ?? 0
        times.sort()
        if let best = times.first {
            print(String(format: "  one-flow check, exec to exit (time to the first decision): best %.1f ms, median %.1f ms of %d runs, ",
                         best, times[times.count / 2], times.count) + Self.memory(peak))
            print("    (\(binary) check \(example)\(policies))")
        }
    }

    static func memory(_ bytes: Int) -> String {
        bytes > 0 ? String(format: "peak RSS %.1f MB", Double(bytes) / 1_048_576) : "peak RSS not measured (no /usr/bin/time)"
    }
}
