/// photutils' `detect_sources` (photutils 3.0 `segmentation/detect.py`): pixels of the detection
/// image strictly above the threshold and not masked (`Background2D.Estimate.pixelsAbove`), grouped into 8-connected segments; those
/// with fewer than `npixels` pixels are dropped and the rest relabelled 1, 2, … in raster
/// order of their first pixel.
public struct SourceDetection: Sendable {
    public var npixels: Int

    public init(npixels: Int) { self.npixels = npixels }

    /// The segmentation of the pixels flagged in `above` (a width x height grid).
    public func segment(above: [Bool], width: Int, height: Int) -> SegmentationImage {
        var (labels, count) = above.withUnsafeBufferPointer { a in
            ConnectedComponents.label(width: width, height: height) { i in a[i] }
        }
        return Self.keepLarge(&labels, count: count, npixels: npixels, width: width, height: height)
    }

    /// The segmentation of components with at least `npixels` pixels, relabelled consecutively.
    static func keepLarge(_ labels: inout [UInt32], count: Int, npixels: Int, width: Int, height: Int) -> SegmentationImage {
        var areas = [Int](repeating: 0, count: count + 1)
        for l in labels where l != 0 { areas[Int(l)] += 1 }
        var map = [UInt32](repeating: 0, count: count + 1)
        var next: UInt32 = 0
        for l in 1..<(count + 1) where areas[l] >= npixels { next += 1; map[l] = next }
        labels.withUnsafeMutableBufferPointer { o in
            for i in o.indices where o[i] != 0 { o[i] = map[Int(o[i])] }
        }
        let raster = Raster(width: width, height: height, pixels: labels)
        labels = []
        return SegmentationImage(labels: raster)
    }
}
