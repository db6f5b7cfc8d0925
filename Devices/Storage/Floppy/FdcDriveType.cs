namespace Emu.Devices.Storage.Floppy;

/// <summary>A floppy drive's kind (QEMU <c>FloppyDriveType</c>): what media it takes and which CMOS type it reports.</summary>
public enum FdcDriveType
{
    None,

    /// <summary>5¼" 1.2 MB (also 360K media).</summary>
    Drive120,

    /// <summary>3½" 1.44 MB (also 720K media).</summary>
    Drive144,

    /// <summary>3½" 2.88 MB: QEMU's fallback for a drive without a medium.</summary>
    Drive288,
}
