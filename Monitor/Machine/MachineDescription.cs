namespace Emu.Monitor.Machine;

/// <summary>
/// What the introspection commands report about the machine the App built (query-machines,
/// query-uuid, query-memory-size-summary, query-chardev...): fixed once the machine exists.
/// </summary>
public sealed class MachineDescription
{
    /// <summary>The CPU model Emu emulates: QEMU's qemu32 (CPUID family 6 model 6, SystemOps.cs).</summary>
    public const string CpuModel = "qemu32";

    /// <summary><c>-machine isapc</c> rather than pc.</summary>
    public bool IsaPc { get; init; }

    /// <summary>Guest RAM in bytes (<c>-m</c>).</summary>
    public long RamBytes { get; init; } = 128L << 20;

    /// <summary><c>-uuid</c>, or null (QEMU reports the nil UUID then).</summary>
    public Guid? Uuid { get; init; }

    /// <summary>The devices given an id on the command line (QOM /machine/peripheral/ID), as (id, QOM type), in creation order.</summary>
    public IReadOnlyList<(string Id, string Type)> Peripherals { get; init; } = [];

    /// <summary>Character devices other than monitors (serial ports), in creation order.</summary>
    public IReadOnlyList<ChardevDescription> Chardevs { get; init; } = [];
}

/// <summary>One character device as query-chardev shows it (QEMU qapi/char.json ChardevInfo).</summary>
public sealed record ChardevDescription(string Label, string Filename, bool FrontendOpen);
