namespace Emu.Devices.Storage.Floppy;

/// <summary>The data direction of a transfer command (QEMU <c>FD_DIR_*</c>; the values are saved state).</summary>
public enum FdcDirection : byte
{
    Write = 0,
    Read = 1,
    ScanEqual = 2,
    ScanLow = 3,
    ScanHigh = 4,
    Verify = 5,
}
