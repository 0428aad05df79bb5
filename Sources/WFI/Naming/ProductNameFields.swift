extension ProductName {
    /// The components of a name as a person or a tool supplies them (numbers as numbers, the
    /// rest as text), for ``ProductName/init(level:fields:)``. Leave out what the product's
    /// family does not use.
    public struct Fields: Sendable, Equatable {
        /// Observing program, 0...99999 (every family).
        public var program: Int?
        /// Execution plan, 0...99: part of the visit, or of a visit or pass subset.
        public var executionPlan: Int?
        /// Pass, 0...999: part of the visit, or of a visit or pass subset.
        public var pass: Int?
        /// Segment, 0...999: part of the visit or of a visit subset.
        public var segment: Int?
        /// Observation, 0...999: part of the visit or of a visit subset.
        public var observation: Int?
        /// Visit, 0...999: part of the visit or of a visit subset.
        public var visit: Int?
        /// Exposure, 0...9999 (exposure and guide-window names).
        public var exposure: Int?
        /// Guide star acquisition, 1...9 (guide-window names only).
        public var acquisition: Int?
        /// Detector number, 1...18 (exposure and guide-window names).
        public var detector: Int?
        /// Optical element, in file spelling (`f184`) or metadata spelling (`F184`).
        public var element: String?
        /// Suffix (`cal`); defaults to the level's main product: `uncal` (or `gw` when an
        /// acquisition is given), `cal`, `coadd`, `cat`.
        public var suffix: String?
        /// Release id, `p`, `rN` or `rN-tier` (skycell names only).
        public var release: String?
        /// Subset as written (`v01004007001012`, `s02002`, `full`, `s2`); or leave it out and
        /// give the execution plan and pass (pass subset) or all five visit numbers (visit subset).
        public var subset: String?
        /// Skycell name, e.g. `10m6x2y50` (skycell names only).
        public var skycell: String?

        /// Components as given; leave out (`nil`) what the name does not use.
        public init(
            program: Int? = nil, executionPlan: Int? = nil, pass: Int? = nil, segment: Int? = nil,
            observation: Int? = nil, visit: Int? = nil, exposure: Int? = nil, acquisition: Int? = nil,
            detector: Int? = nil, element: String? = nil, suffix: String? = nil, release: String? = nil,
            subset: String? = nil, skycell: String? = nil
        ) {
            self.program = program
            self.executionPlan = executionPlan
            self.pass = pass
            self.segment = segment
            self.observation = observation
            self.visit = visit
            self.exposure = exposure
            self.acquisition = acquisition
            self.detector = detector
            self.element = element
            self.suffix = suffix
            self.release = release
            self.subset = subset
            self.skycell = skycell
        }
    }

    /// Builds and validates the name of a level-`level` product from loose components.
    ///
    /// The suffix (or the level's default) chooses the family; an L4 name is a skycell name
    /// when a release, subset or skycell is given and an exposure name otherwise. Missing,
    /// malformed, out-of-range and superfluous components throw a ``NamingError`` whose `name`
    /// is the file name as far as it can be rendered, with markers (`PPPPP`, `wfiNN`,
    /// `skycell`...) for what is missing.
    public init(level: ProductLevel, fields: Fields) throws(NamingError) {
        self = try ProductNameBuilder(level: level, fields: fields).build()
    }
}
