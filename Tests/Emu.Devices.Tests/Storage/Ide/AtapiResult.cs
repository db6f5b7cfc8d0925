namespace Emu.Devices.Tests.Storage.Ide;

/// <summary>What a packet command left: the final status, error and interrupt reason, the data-in bytes and the DRQ block sizes.</summary>
public sealed record AtapiResult(byte Status, byte Error, byte Reason, byte[] Data, List<int> Blocks)
{
    public string Registers => $"{Status:X2} {Error:X2} {Reason:X2}";
}
