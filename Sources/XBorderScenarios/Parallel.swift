import Foundation

/// Runs independent pieces of work on every core and returns their results in input order.
///
/// Synchronous on purpose: the command line's root command is synchronous, and suites share
/// nothing mutable (a compiled policy is an immutable value).
enum Parallel {
    static func map<Element: Sendable, Result: Sendable>(_ elements: [Element], _ transform: @Sendable (Element) -> Result) -> [Result] {
        guard elements.count > 1 else { return elements.map(transform) }
        let slots = Slots<Result>(count: elements.count)
        DispatchQueue.concurrentPerform(iterations: elements.count) { index in
            slots.set(index, transform(elements[index]))
        }
        return slots.values
    }

    /// One slot per result, written once each under a lock.
    private final class Slots<Value: Sendable>: @unchecked Sendable {
        private var storage: [Value?]
        private let lock = NSLock()

        init(count: Int) { storage = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ value: Value) {
            lock.lock()
            storage[index] = value
            lock.unlock()
        }

        var values: [Value] {
            lock.lock()
            defer { lock.unlock() }
            return storage.compactMap { $0 }
        }
    }
}
