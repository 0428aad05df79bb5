/// A segmentation image: each pixel holds the label (1, 2, …) of the source it belongs to, 0
/// for the background, with each label's bounding box and pixel count.
public struct SegmentationImage: Sendable {
    /// Inclusive pixel bounds of one segment.
    public struct Box: Sendable, Hashable {
        public var xmin: Int, xmax: Int, ymin: Int, ymax: Int

        public var width: Int { xmax - xmin + 1 }
        public var height: Int { ymax - ymin + 1 }

        mutating func include(x: Int, y: Int) {
            xmin = min(xmin, x); xmax = max(xmax, x)
            ymin = min(ymin, y); ymax = max(ymax, y)
        }
    }

    public var labels: Raster<UInt32>
    /// Bounding box and area of label ℓ at index ℓ − 1.
    public var boxes: [Box]
    public var areas: [Int]

    public var count: Int { boxes.count }
    public var width: Int { labels.width }
    public var height: Int { labels.height }

    /// An empty map (no source).
    public init(width: Int, height: Int) {
        labels = Raster(width: width, height: height, repeating: 0)
        boxes = []
        areas = []
    }

    /// A map from labels 1...n (every label present), with boxes and areas measured.
    public init(labels: Raster<UInt32>) {
        self.labels = labels
        var boxes: [Box] = []
        var areas: [Int] = []
        labels.pixels.withUnsafeBufferPointer { p in
            for y in 0..<labels.height {
                for x in 0..<labels.width {
                    let label = Int(p[y * labels.width + x])
                    guard label > 0 else { continue }
                    while boxes.count < label {
                        boxes.append(Box(xmin: .max, xmax: .min, ymin: .max, ymax: .min))
                        areas.append(0)
                    }
                    boxes[label - 1].include(x: x, y: y)
                    areas[label - 1] += 1
                }
            }
        }
        self.boxes = boxes
        self.areas = areas
    }
}
