#if canImport(Glibc)
import Arrays
import Glibc
#endif

/// photutils' `deblend_sources` (photutils 3.0 `segmentation/deblend.py`; the scheme of
/// SExtractor, Bertin & Arnouts 1996): each segment of at least 2·npixels pixels is
/// re-thresholded at `levels` levels spaced exponentially between its minimum and maximum
/// (linearly when its minimum is not positive or when more than 200 markers appear); a
/// component of one level that splits into two or more at a higher level is replaced by its
/// children. The final markers are grown back over the segment by watershed on the negated
/// image, then children holding less than `contrast` of the segment's flux are merged away one
/// at a time (the faintest first). Children get labels after all existing ones; the map is then
/// relabelled consecutively.
public struct SourceDeblender: Sendable {
    public var npixels: Int
    public var levels = 32
    public var contrast = 1e-4

    public init(npixels: Int, levels: Int = 32, contrast: Double = 1e-4) {
        self.npixels = npixels
        self.levels = levels
        self.contrast = contrast
    }

    /// The deblended segmentation of `image` (the detection image the segments were found on).
    public func deblend(_ segmentation: SegmentationImage, image: Raster<Float>) -> SegmentationImage {
        guard contrast < 1, segmentation.count > 0 else { return segmentation }
        let candidates = (0..<segmentation.count).filter { segmentation.areas[$0] >= 2 * npixels }
        let children: [[Int32]?] = Parallel.map(candidates.count) { k in
            deblendSegment(label: candidates[k] + 1, segmentation: segmentation, image: image)
        }
        var labels = segmentation.labels
        var next = UInt32(segmentation.count)
        for (k, result) in zip(candidates, children) {
            guard let result else { continue }
            let box = segmentation.boxes[k]
            let offset = next
            var largest: Int32 = 0
            for y in box.ymin...box.ymax {
                for x in box.xmin...box.xmax {
                    let child = result[(y - box.ymin) * box.width + (x - box.xmin)]
                    guard child > 0 else { continue }
                    labels[x, y] = offset + UInt32(child)
                    largest = max(largest, child)
                }
            }
            next += UInt32(largest)
        }
        return SegmentationImage(labels: Self.relabelConsecutively(labels))
    }

    /// Labels mapped to 1, 2, … in increasing order of their values.
    static func relabelConsecutively(_ labels: Raster<UInt32>) -> Raster<UInt32> {
        var present = Set<UInt32>()
        for l in labels.pixels where l != 0 { present.insert(l) }
        let sorted = present.sorted()
        guard let last = sorted.last, Int(last) != sorted.count else { return labels }
        var map = [UInt32: UInt32]()
        for (i, l) in sorted.enumerated() { map[l] = UInt32(i + 1) }
        var out = labels
        for i in out.pixels.indices where out.pixels[i] != 0 { out.pixels[i] = map[out.pixels[i]]! }
        return out
    }

    /// The children of one segment (cutout of its box, labels 1…n consecutive) or nil when it
    /// is not split.
    func deblendSegment(label: Int, segmentation: SegmentationImage, image: Raster<Float>) -> [Int32]? {
        let box = segmentation.boxes[label - 1]
        let (width, height) = (box.width, box.height)
        var data = [Float](repeating: 0, count: width * height)
        var inside = [Bool](repeating: false, count: width * height)
        var low = Float.infinity, high = -Float.infinity, sum = 0.0
        for y in 0..<height {
            for x in 0..<width {
                let (gx, gy) = (x + box.xmin, y + box.ymin)
                let i = y * width + x
                data[i] = image[gx, gy]
                inside[i] = segmentation.labels[gx, gy] == UInt32(label)
                guard inside[i], data[i].isFinite else { continue }
                low = min(low, data[i]); high = max(high, data[i]); sum += Double(data[i])
            }
        }
        guard low < high else { return nil }
        var exponential = low > 0
        var markers = makeMarkers(data, inside: inside, width: width, height: height, low: low, high: high, exponential: exponential)
        if exponential, let m = markers, (m.max() ?? 0) > 200 {
            exponential = false
            markers = makeMarkers(data, inside: inside, width: width, height: height, low: low, high: high, exponential: false)
        }
        guard var markers else { return nil }
        let elevation = data.map { -$0 }
        while true {
            Watershed.flood(elevation: elevation, markers: &markers, mask: inside, width: width, height: height)
            var fluxes: [Int32: Double] = [:]
            for i in markers.indices where markers[i] != 0 && data[i].isFinite { fluxes[markers[i], default: 0] += Double(data[i]) }
            for i in markers.indices where markers[i] != 0 && fluxes[markers[i]] == nil { fluxes[markers[i]] = 0 }
            guard fluxes.count > 1 else { return nil }
            let faintest = fluxes.min { $0.value / sum < $1.value / sum || ($0.value == $1.value && $0.key < $1.key) }!
            guard faintest.value / sum < contrast else { break }
            for i in markers.indices where markers[i] == faintest.key { markers[i] = 0 }
        }
        // Consecutive child labels in increasing order of marker value.
        let present = Set(markers.filter { $0 != 0 }).sorted()
        var map = [Int32: Int32]()
        for (i, l) in present.enumerated() { map[l] = Int32(i + 1) }
        return markers.map { $0 == 0 ? 0 : map[$0]! }
    }

    /// Multi-thresholding: the markers of the components that survive to the highest level at
    /// which they still split; nil when no level holds two or more components.
    func makeMarkers(_ data: [Float], inside: [Bool], width: Int, height: Int, low: Float, high: Float,
                     exponential: Bool) -> [Int32]? {
        let thresholds = (1...levels).map { k -> Float in
            let t = Double(k) / Double(levels + 1)
            let (lo, hi) = (Double(low), Double(high))
            return Float(exponential ? lo * pow(hi / lo, t) : lo + (hi - lo) * t)
        }
        var lower = components(data, inside: inside, width: width, height: height, above: thresholds[0])
        for threshold in thresholds.dropFirst() {
            guard let upper = components(data, inside: inside, width: width, height: height, above: threshold) else { continue }
            guard let current = lower else { lower = upper; continue }
            var markers = current.map { $0 != 0 }
            var split = false
            let count = Int(current.max() ?? 0)
            var children = [Set<Int32>](repeating: [], count: count + 1)
            for i in current.indices where current[i] != 0 && upper[i] != 0 { children[Int(current[i])].insert(upper[i]) }
            for l in 1..<(count + 1) where children[l].count >= 2 {
                split = true
                for i in current.indices where current[i] == Int32(l) { markers[i] = upper[i] != 0 }
            }
            if split {
                lower = ConnectedComponents.label(width: width, height: height) { markers[$0] }.labels.map { Int32($0) }
            }
        }
        return lower
    }

    /// photutils `_detect_sources(relabel=False, return_segmimg=False)` on the cutout: the
    /// components above `above` inside the segment with at least npixels pixels (labels kept), or
    /// nil when fewer than two remain.
    func components(_ data: [Float], inside: [Bool], width: Int, height: Int, above: Float) -> [Int32]? {
        var (labels, count) = ConnectedComponents.label(width: width, height: height) { inside[$0] && data[$0] > above }
        guard count > 1 else { return nil }
        var areas = [Int](repeating: 0, count: count + 1)
        for l in labels where l != 0 { areas[Int(l)] += 1 }
        let kept = (1...count).filter { areas[$0] >= npixels }.count
        guard kept > 1 else { return nil }
        for i in labels.indices where labels[i] != 0 && areas[Int(labels[i])] < npixels { labels[i] = 0 }
        return labels.map { Int32($0) }
    }
}
