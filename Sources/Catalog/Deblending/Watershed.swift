/// Marker-based watershed by priority flooding (Beucher & Meyer 1993; scikit-image's
/// `watershed` without compactness): every marker pixel enters a queue ordered by image value,
/// then by insertion age; each pixel taken out gives its label to its unlabelled 8-neighbours
/// inside the mask, which enter the queue in turn.
struct Watershed {
    /// Floods `markers` (0 = unlabelled) over `elevation` within `mask`, in place.
    static func flood(elevation: [Float], markers: inout [Int32], mask: [Bool], width: Int, height: Int) {
        var heap = FloodQueue()
        for i in markers.indices where markers[i] != 0 {
            heap.push(FloodQueue.Entry(value: elevation[i], age: 0, index: Int32(i)))
        }
        var age: Int64 = 0
        while let entry = heap.pop() {
            let index = Int(entry.index)
            let (x, y) = (index % width, index / width)
            let label = markers[index]
            for dy in -1...1 {
                let ny = y + dy
                guard ny >= 0, ny < height else { continue }
                for dx in -1...1 where dx != 0 || dy != 0 {
                    let nx = x + dx
                    guard nx >= 0, nx < width else { continue }
                    let n = ny * width + nx
                    guard mask[n], markers[n] == 0 else { continue }
                    age += 1
                    markers[n] = label
                    heap.push(FloodQueue.Entry(value: elevation[n], age: age, index: Int32(n)))
                }
            }
        }
    }
}

/// A binary min-heap of flooding entries ordered by (value, age).
struct FloodQueue {
    struct Entry {
        var value: Float
        var age: Int64
        var index: Int32

        func precedes(_ other: Entry) -> Bool { value < other.value || (value == other.value && age < other.age) }
    }

    private var items: [Entry] = []

    mutating func push(_ entry: Entry) {
        items.append(entry)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[i].precedes(items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var best = i
                if l < items.count, items[l].precedes(items[best]) { best = l }
                if r < items.count, items[r].precedes(items[best]) { best = r }
                if best == i { break }
                items.swapAt(i, best)
                i = best
            }
        }
        return first
    }
}
