import Foundation

/// Maps a batch on every core and returns the results in the batch's order.
enum ParallelBatch {
    static func map<Input: Sendable, Output: Sendable>(_ inputs: [Input], _ transform: @Sendable (Int, Input) -> Output) -> [Output] {
        guard inputs.count > 1 else { return inputs.enumerated().map { transform($0.offset, $0.element) } }
        let slots = Slots<Output>(count: inputs.count)
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, inputs.count)
        let chunk = (inputs.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in (worker * chunk)..<min(inputs.count, (worker + 1) * chunk) {
                slots.set(index, transform(index, inputs[index]))
            }
        }
        return slots.values()
    }

    /// One slot per input, each written by exactly one worker before `values()` reads them.
    /// Safe to share for that reason: the buffer never moves and no two workers touch one slot.
    private final class Slots<Output>: @unchecked Sendable {
        private let storage: UnsafeMutableBufferPointer<Output?>

        init(count: Int) {
            storage = .allocate(capacity: count)
            storage.initialize(repeating: nil)
        }

        func set(_ index: Int, _ value: Output) { storage[index] = value }

        func values() -> [Output] { storage.compactMap { $0 } }

        deinit {
            storage.deinitialize()
            storage.deallocate()
        }
    }
}
