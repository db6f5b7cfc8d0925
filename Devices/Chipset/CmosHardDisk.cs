namespace Emu.Devices.Chipset;

/// <summary>
/// An IDE hard disk as the CMOS describes it: its physical geometry (1-16383 cylinders,
/// 1-16 heads, 1-63 sectors) and the BIOS translation after auto is resolved
/// (CMOS 39h: 0 none, 1 lba, 2 large, 3 rechs).
/// </summary>
public sealed record CmosHardDisk(int Cylinders, int Heads, int Sectors, int Translation);
