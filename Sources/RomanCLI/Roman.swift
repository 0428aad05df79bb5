import ArgumentParser

/// The `roman` command: Roman WFI data processing and archive tools.
@main
struct Roman: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roman",
        abstract: "Roman Space Telescope WFI data tools: read, write, validate and name WFI products.",
        discussion: """
            Every Roman WFI product is an ASDF file. Start with `roman demo`, which writes a \
            full-size example file and summarises it, or `roman info FILE` on any ASDF file.
            """,
        version: "0.1.0",
        subcommands: [Info.self, Validate.self, NameCommand.self, ASDFCommand.self, Simulate.self, Calibrate.self, CatalogCommand.self, ProcessCommand.self, WCSCommand.self, Demo.self]
    )
}
