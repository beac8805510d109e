import Foundation

/// Writing to standard output and standard error, and knowing whether a person is watching.
public enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    public static func error(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Standard output gathered into large writes: an inventory of a million decisions should
    /// not cost a million system calls.
    struct Buffered {
        private var pending = ""

        mutating func line(_ text: String) {
            pending += text
            pending += "\n"
            if pending.utf8.count >= 1 << 16 { flush() }
        }

        mutating func flush() {
            guard !pending.isEmpty else { return }
            FileHandle.standardOutput.write(Data(pending.utf8))
            pending = ""
        }
    }

    /// Writes all of `bytes` to `fd`, going on after a short write or an interrupted call.
    static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) {
        guard var base = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = Glibc.write(fd, base, left)
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            base += n
            left -= n
        }
    }

    /// Colour only on a terminal, and never when NO_COLOR is set.
    static var colorOnStdout: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}
