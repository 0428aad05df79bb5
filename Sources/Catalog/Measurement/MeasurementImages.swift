/// The images every measurement reads, in flux-density units per pixel (nJy): the
/// background-subtracted data and its error, the detection image (convolved data), the mask
/// of unusable pixels and the segmentation.
public struct MeasurementImages: Sendable {
    public var data: Raster<Float>
    public var error: Raster<Float>
    public var convolved: Raster<Float>
    public var mask: [Bool]
    public var segmentation: SegmentationImage

    public var width: Int { data.width }
    public var height: Int { data.height }

    /// Whether pixel index i is excluded from a measurement of source `label` in photutils'
    /// `aperture_mask_method='mask'`: masked, non-finite data, or in another source's segment.
    @inline(__always)
    func excluded(_ i: Int, label: UInt32) -> Bool {
        if mask[i] || !data.pixels[i].isFinite { return true }
        let owner = segmentation.labels.pixels[i]
        return owner != 0 && owner != label
    }

    /// The half-open pixel range [lo, hi) clipped to 0..<n.
    @inline(__always)
    static func clip(_ lo: Int, _ hi: Int, _ n: Int) -> Range<Int> { max(0, lo)..<max(max(0, lo), min(n, hi)) }
}
