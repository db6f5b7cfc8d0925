namespace Emu.Devices.Storage;

/// <summary>The kinds of request a device accounts (QEMU BlockAcctType: read, write, flush).</summary>
public enum BlockIoKind
{
    Read,
    Write,
    Flush,
}
