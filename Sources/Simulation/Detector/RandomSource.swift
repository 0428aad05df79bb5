#if canImport(Glibc)
import Glibc
#endif

/// xoshiro256++ (Blackman & Vigna 2019): a fast, high-quality 64-bit generator. Each image row
/// gets its own stream, seeded from (seed, row) with SplitMix64, so results do not depend on
/// how rows are spread over threads.
public struct RandomSource: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64, stream: UInt64 = 0) {
        var x = seed &+ stream &* 0xD1B5_4A32_D192_ED03
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    @inlinable @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = Self.rotl(s0 &+ s3, 23) &+ s0
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// Uniform in [0, 1).
    @inline(__always)
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Standard normal deviate (Marsaglia's polar method).
    public mutating func gaussian() -> Double {
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * (-2 * log(s) / s).squareRoot() }
        }
    }

    /// A Poisson deviate with mean `lambda`: Knuth's multiplication method below 10, Hörmann's
    /// transformed rejection with squeeze (PTRS, Hörmann 1993, Insurance: Mathematics and
    /// Economics 12, 39) above, as numpy does.
    public mutating func poisson(_ lambda: Double) -> Double {
        poisson(lambda, expMinusLambda: lambda < 10 ? exp(-lambda) : 0)
    }

    /// `poisson(_:)` with `exp(-lambda)` computed by the caller (once per pixel, not per read).
    public mutating func poisson(_ lambda: Double, expMinusLambda limit: Double) -> Double {
        guard lambda > 0 else { return 0 }
        if lambda < 10 {
            var k = 0.0
            var p = uniform()
            while p > limit {
                k += 1
                p *= uniform()
            }
            return k
        }
        let slam = lambda.squareRoot(), loglam = log(lambda)
        let b = 0.931 + 2.53 * slam
        let a = -0.059 + 0.02483 * b
        let invAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = uniform() - 0.5
            let v = uniform()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + lambda + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return k }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if log(v) + log(invAlpha) - log(a / (us * us) + b) <= -lambda + k * loglam - lgamma(k + 1) { return k }
        }
    }
}

/// Poisson sampling by inversion of a precomputed cumulative distribution, for a mean used many
/// times (one pixel's rate over all its reads): one uniform deviate per sample instead of the
/// λ+1 of the multiplication method. For means of 10 and above it defers to PTRS.
///
/// One sampler is made per worker and `reset` per pixel: the table's memory is allocated once,
/// so hot loops allocate nothing. The owner calls `deallocate()` when done.
public struct PoissonSampler {
    public static let capacity = 48
    public private(set) var lambda = 0.0
    private let cumulative: UnsafeMutablePointer<Double>
    private var count = 0

    public init() {
        cumulative = .allocate(capacity: Self.capacity)
    }

    /// Prepares the table for mean `lambda` (P(K <= k) up to where it reaches 1).
    public mutating func reset(lambda: Double) {
        self.lambda = lambda
        count = 0
        guard lambda > 0, lambda < 10 else { return }
        var p = exp(-lambda), total = p, k = 0.0
        cumulative[0] = total
        count = 1
        while total < 1 - 1e-15 && count < Self.capacity {
            k += 1
            p *= lambda / k
            total += p
            cumulative[count] = total
            count += 1
        }
    }

    /// One deviate.
    @inline(__always)
    public func sample(_ random: inout RandomSource) -> Double {
        guard count > 0 else { return lambda > 0 ? random.poisson(lambda) : 0 }
        let u = random.uniform()
        var k = 0
        while k < count - 1 && u > cumulative[k] { k += 1 }
        return Double(k)
    }

    public func deallocate() { cumulative.deallocate() }
}
