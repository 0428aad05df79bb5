/// A 2-D image in row-major order (the order of the files): pixel (x, y) is `pixels[y * width + x]`.
public struct Raster<Element: Sendable>: Sendable {
    public let width: Int
    public let height: Int
    public var pixels: [Element]

    public init(width: Int, height: Int, repeating value: Element) {
        self.width = width
        self.height = height
        pixels = [Element](repeating: value, count: width * height)
    }

    /// A raster of the given pixels (an empty array stands for pixels handed over elsewhere).
    public init(width: Int, height: Int, pixels: [Element]) {
        precondition(pixels.isEmpty || pixels.count == width * height, "raster of \(width) x \(height) needs \(width * height) pixels")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public var count: Int { pixels.count }

    public subscript(x: Int, y: Int) -> Element {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }
}
