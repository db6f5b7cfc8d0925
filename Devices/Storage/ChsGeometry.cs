namespace Emu.Devices.Storage;

/// <summary>
/// A cylinders/heads/sectors-per-track triple: a hard disk's physical (default) geometry as
/// IDENTIFY DEVICE words 1, 3 and 6 report it, a logical geometry the BIOS uses, or a floppy's.
/// </summary>
public readonly record struct ChsGeometry(int Cylinders, int Heads, int Sectors)
{
    public long TotalSectors => (long)Cylinders * Heads * Sectors;

    /// <summary>Fails unless the geometry is one an ATA disk can report (C.2: cyls 1..65535, heads 1..16, secs 1..255).</summary>
    public void Validate()
    {
        if (Cylinders is < 1 or > 65535 || Heads is < 1 or > 16 || Sectors is < 1 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(Cylinders), $"geometry {Cylinders}/{Heads}/{Sectors} is outside 1..65535/1..16/1..255");
        }
    }

    public override string ToString() => $"{Cylinders}/{Heads}/{Sectors}";
}
