namespace Emu.Bios.Boot;

/// <summary>The boot device classes of QEMU's <c>-boot</c> letters (a floppy, c hard disk, d CD-ROM).</summary>
public enum BootDevice
{
    Floppy,
    HardDisk,
    Cdrom,

    /// <summary>A kernel given with <c>-kernel</c> (QEMU's linuxboot option ROM, always tried first).</summary>
    LinuxKernel,
}
