/// romancal's `dumo`: the uniform-weight slope (optimal in the read-noise limit) over *all*
/// resultants, flags ignored, minus the fitted slope. With n_i reads at mean time t̄_i,
/// N = Σn_i, N_t = Σn_i t̄_i, N_tt = Σn_i t̄_i², the weights are
/// w_i = (N n_i t̄_i − N_t n_i) / (N N_tt − N_t²).
struct UniformWeights: Sendable {
    let weights: [Double]

    init(readPattern: [[Int]], frameTime: Double) {
        let counts = readPattern.map { Double($0.count) }
        let times = readPattern.map { reads in reads.reduce(0.0) { $0 + Double($1) * frameTime } / Double(reads.count) }
        var n = 0.0, nt = 0.0, ntt = 0.0
        for (count, time) in zip(counts, times) {
            n += count
            nt += count * time
            ntt += count * time * time
        }
        let denominator = n * ntt - nt * nt
        weights = zip(counts, times).map { count, time in (n * count * time - nt * count) / denominator }
    }

    /// dumo for row `y`: Σ w_i R_i − slope (written after the slope of the row).
    func dumoRow(_ y: Int, io: RowIO) {
        let (columns, plane) = (io.columns, io.plane)
        let rowStart = y * columns
        weights.withUnsafeBufferPointer { w in
            for x in 0..<columns {
                var sum = 0.0
                for g in 0..<io.resultants { sum += w[g] * Double(io.data[g * plane + rowStart + x]) }
                io.dumo[rowStart + x] = Float(sum - Double(io.slope[rowStart + x]))
            }
        }
    }
}
