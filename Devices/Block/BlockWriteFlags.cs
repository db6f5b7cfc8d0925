namespace Emu.Devices.Block;

[Flags]
public enum BlockWriteFlags
{
    None = 0,

    /// <summary>Force unit access: the data is durable when the call returns (NBD_CMD_FLAG_FUA).</summary>
    ForceUnitAccess = 1,
}
