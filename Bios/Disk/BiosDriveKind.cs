namespace Emu.Bios.Disk;

public enum BiosDriveKind
{
    Floppy,
    HardDisk,
    Cdrom,
}
