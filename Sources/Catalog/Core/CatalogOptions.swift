/// The parameters of the source-catalog step, with romancal 1.1.0's `SourceCatalogStep`
/// defaults (algorithms.md §5).
public struct CatalogOptions: Sendable, Hashable {
    /// Side of the square background meshes, pixels (photutils `Background2D` `box_size`).
    public var backgroundBoxSize = 1000
    /// FWHM of the Gaussian detection kernel, pixels.
    public var kernelFWHM = 2.0
    /// Per-pixel signal-to-noise threshold above the background RMS.
    public var snrThreshold = 3.0
    /// Minimum number of connected pixels of a source.
    public var npixels = 25
    /// Whether blended sources are split (multi-thresholding and watershed).
    public var deblend = false
    /// Deblending: number of multi-threshold levels and the minimum flux fraction of a child.
    public var deblendLevels = 32
    public var deblendContrast = 1e-4
    /// Whether sources are fitted with the ePSF (the `x_psf`, `psf_flux`... columns).
    public var fitPSF = true
    /// Worker threads for per-source measurements (0: all cores).
    public var jobs = 0

    public init() {}

    /// Checks the ranges, naming the option.
    public func validate() throws(CatalogError) {
        guard backgroundBoxSize >= 1 else { throw .parameter(name: "bkg-boxsize", reason: "must be at least 1, got \(backgroundBoxSize)") }
        guard kernelFWHM > 0, kernelFWHM.isFinite else { throw .parameter(name: "kernel-fwhm", reason: "must be positive, got \(kernelFWHM)") }
        guard snrThreshold.isFinite else { throw .parameter(name: "snr-threshold", reason: "must be finite") }
        guard npixels >= 1 else { throw .parameter(name: "npixels", reason: "must be at least 1, got \(npixels)") }
        guard deblendLevels >= 1 else { throw .parameter(name: "deblend-levels", reason: "must be at least 1") }
        guard (0...1).contains(deblendContrast) else { throw .parameter(name: "deblend-contrast", reason: "must be in [0, 1]") }
    }
}
