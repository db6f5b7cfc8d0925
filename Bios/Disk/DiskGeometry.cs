namespace Emu.Bios.Disk;

/// <summary>A cylinders/heads/sectors-per-track triple.</summary>
public readonly record struct DiskGeometry(int Cylinders, int Heads, int Sectors)
{
    public long TotalSectors => (long)Cylinders * Heads * Sectors;

    public override string ToString() => $"{Cylinders}/{Heads}/{Sectors}";
}
