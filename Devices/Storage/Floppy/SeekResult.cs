namespace Emu.Devices.Storage.Floppy;

/// <summary>What a head movement found (QEMU <c>fd_seek</c>'s return codes 0-3).</summary>
public enum SeekResult
{
    Same,
    Stepped,
    BadTrack,
    BadSector,
}
