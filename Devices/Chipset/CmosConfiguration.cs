namespace Emu.Devices.Chipset;

/// <summary>What <see cref="CmosDefaults.Fill"/> writes into the CMOS, as QEMU's machine options give it.</summary>
public sealed class CmosConfiguration
{
    /// <summary>Guest RAM in bytes (<c>-m</c>).</summary>
    public long RamBytes { get; init; } = 128L << 20;

    public FloppyDriveType FloppyA { get; init; }

    public FloppyDriveType FloppyB { get; init; }

    /// <summary>IDE units 0-3 (primary master, primary slave, secondary master, secondary slave); null = no hard disk there.</summary>
    public IReadOnlyList<CmosHardDisk?> HardDisks { get; init; } = [];

    /// <summary>QEMU <c>-boot order=</c> letters (a, b floppy; c disk; d CD; n network), at most three.</summary>
    public string BootOrder { get; init; } = "cad";

    /// <summary>QEMU <c>-boot strict... fdc bootchk</c>: check the floppy boot signature (CMOS 38h bit 0 = 0).</summary>
    public bool FloppyBootSignatureCheck { get; init; } = true;

    public int CpuCount { get; init; } = 1;
}
