namespace Emu.Devices.Storage.Ide;

/// <summary>How the packet dispatcher treats an MMC opcode (QEMU <c>atapi_cmd_table</c> flags, spec ide-atapi-bios.md B.3).</summary>
[Flags]
public enum AtapiCommandFlags : byte
{
    /// <summary>Not implemented: ILLEGAL REQUEST / INVALID COMMAND OPERATION CODE.</summary>
    None = 0,

    /// <summary>The drive implements the command.</summary>
    Supported = 1,

    /// <summary>Runs despite a pending UNIT ATTENTION and skips the media-change sequence (SPC-3 5.9.7).</summary>
    AllowUnitAttention = 2,

    /// <summary>Fails with NOT READY / MEDIUM NOT PRESENT without a medium or with the tray open (MMC-5 4.1.6.1).</summary>
    CheckReady = 4,

    /// <summary>Moves no data, so a zero byte count limit is fine.</summary>
    NonData = 8,

    /// <summary>Checks the byte count limit itself, only when it has data to move.</summary>
    ConditionalData = 16,
}
