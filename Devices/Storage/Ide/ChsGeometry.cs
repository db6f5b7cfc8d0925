namespace Emu.Devices.Storage.Ide;

/// <summary>
/// A disk's default (physical) geometry as IDENTIFY DEVICE words 1, 3 and 6 report it. The machine
/// builder computes it (spec ide-atapi-bios.md C.2) so the disk, CMOS and BIOS agree.
/// </summary>
public readonly record struct ChsGeometry(int Cylinders, int Heads, int Sectors)
{
    /// <summary>Fails unless the geometry is one an ATA disk can report (C.2: cyls 1..65535, heads 1..16, secs 1..255).</summary>
    public void Validate()
    {
        if (Cylinders is < 1 or > 65535 || Heads is < 1 or > 16 || Sectors is < 1 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(Cylinders), $"geometry {Cylinders}/{Heads}/{Sectors} is outside 1..65535/1..16/1..255");
        }
    }
}
