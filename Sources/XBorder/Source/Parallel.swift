import Foundation

/// Runs independent pieces of work on every core and returns their results in input order.
///
/// Synchronous on purpose: the command line is synchronous, and the work shares nothing mutable
/// (a compiled policy is an immutable value).
public enum Parallel {
    public static func map<Element: Sendable, Result: Sendable>(_ elements: [Element], _ transform: @Sendable (Element) -> Result) -> [Result] {
        guard elements.count > 1 else { return elements.map(transform) }
        let slots = Slots<Result>(count: elements.count)
        // One contiguous share per core: thousands of small pieces cost no more scheduling than a few.
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, elements.count)
        let share = (elements.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in (worker * share)..<min(elements.count, (worker + 1) * share) {
                slots.set(index, transform(elements[index]))
            }
        }
        return slots.values
    }

    /// One slot per result, written once each under a lock.
    final class Slots<Value: Sendable>: @unchecked Sendable {
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
