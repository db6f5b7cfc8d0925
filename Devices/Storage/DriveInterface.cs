namespace Emu.Devices.Storage;

/// <summary>Where a drive is attached, as QEMU's <c>-drive if=</c> names it.</summary>
public enum DriveInterface
{
    None,
    Ide,
    Floppy,
}
