namespace Emu.Devices.Storage;

/// <summary>QEMU's <c>-drive media=</c>: a fixed disk or a removable CD-ROM (floppies are disks on if=floppy).</summary>
public enum DriveMedia
{
    Disk,
    Cdrom,
}
