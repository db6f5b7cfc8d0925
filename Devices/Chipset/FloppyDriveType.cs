namespace Emu.Devices.Chipset;

/// <summary>CMOS 10h drive type codes (IBM PC/AT Technical Reference; QEMU <c>cmos_get_fd_drive_type</c>).</summary>
public enum FloppyDriveType : byte
{
    None = 0,
    Drive360K = 1,
    Drive1200K = 2,
    Drive720K = 3,
    Drive1440K = 4,
    Drive2880K = 5,
}
