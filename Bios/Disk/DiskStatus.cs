namespace Emu.Bios.Disk;

/// <summary>INT 13h status codes (pc-platform-bios.md 4.3; SeaBIOS <c>src/std/disk.h</c>).</summary>
public static class DiskStatus
{
    public const byte Success = 0x00;
    public const byte InvalidParameter = 0x01;
    public const byte AddressMarkNotFound = 0x02;
    public const byte WriteProtected = 0x03;
    public const byte SectorNotFound = 0x04;
    public const byte MediaChanged = 0x06;
    public const byte DmaOverrun = 0x08;
    public const byte DmaBoundary = 0x09;
    public const byte MediaTypeNotFound = 0x0C;
    public const byte ControllerFailure = 0x20;
    public const byte SeekFailed = 0x40;
    public const byte Timeout = 0x80;
    public const byte DriveNotReady = 0xAA;
}
