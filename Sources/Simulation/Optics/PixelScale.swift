/// The nominal WFI pixel: the science-frame scales of the Roman SIAF's full-detector apertures
/// (XSciScale, YSciScale of WFIxx_FULL in pysiaf's roman_siaf.xml).
public enum PixelScale {
    /// Arcseconds per pixel along x and y.
    public static let x = 0.109320191
    public static let y = 0.10639529
    /// Nominal pixel area, square arcseconds.
    public static let nominalArea = x * y
    /// Nominal pixel area, steradians.
    public static let nominalAreaSteradians = nominalArea / (206_264.806_247 * 206_264.806_247)
}
