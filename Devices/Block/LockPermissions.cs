namespace Emu.Devices.Block;

/// <summary>
/// QEMU 7.2's block permissions; bit i is locked at byte 100+i when held and at byte 200+i when
/// not shared (image-locking.md §2).
/// </summary>
[Flags]
public enum LockPermissions
{
    None = 0,
    ConsistentRead = 1,
    Write = 2,
    WriteUnchanged = 4,
    Resize = 8,
    All = ConsistentRead | Write | WriteUnchanged | Resize,
}
