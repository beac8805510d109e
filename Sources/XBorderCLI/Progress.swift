import Foundation
import XBorder

/// The line a person watching a long inventory sees on standard error: how many flows, how fast,
/// how far, how long still. Redrawn in place at most a few times a second, and only on a terminal.
final class Progress: @unchecked Sendable {
    // Touched from the inventory writer's one thread only.
    private let total: Int?
    private let before: InventoryDecider.Tally
    private let started = ContinuousClock.now
    private var lastDrawn: ContinuousClock.Instant?
    private var shown = false

    init(total: Int?, before: InventoryDecider.Tally) {
        self.total = total
        self.before = before
    }

    func update(_ tally: InventoryDecider.Tally, bytes: Int) {
        let now = ContinuousClock.now
        if let lastDrawn, now - lastDrawn < .milliseconds(250) { return }
        lastDrawn = now
        let elapsed = now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        guard seconds > 0.2 else { return }
        let flows = tally.flows + tally.invalid
        var line = "  \(Self.grouped(flows)) flows · \(Self.grouped(Int(Double(flows) / seconds)))/s"
        if tally.invalid > 0 { line += " · \(Self.grouped(tally.invalid)) invalid" }
        if let total, total > 0 {
            let fraction = min(1, Double(bytes) / Double(total))
            line += " · \(Int(fraction * 100))%"
            if fraction > 0.01 {
                let left = Int(seconds / fraction - seconds)
                line += " · \(left / 60):\(String(format: "%02d", left % 60)) left"
            }
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        shown = true
    }

    /// Removes the line, before a diagnostic or the tally is printed.
    func clear() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }

    static func grouped(_ n: Int) -> String { DecisionReport.grouped(n) }
}
