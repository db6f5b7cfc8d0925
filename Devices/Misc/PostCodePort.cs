using Emu.Core.Io;

namespace Emu.Devices.Misc;

/// <summary>
/// Port 80h, the POST diagnostic port. Writes are recorded (the last code and an optional
/// callback for logging); reads return FFh, as QEMU's dummy port 80h does (observed). Old code
/// also writes it as a short I/O delay, which costs nothing here.
/// </summary>
public sealed class PostCodePort : IPortDevice
{
    public const ushort Port = 0x80;

    /// <summary>The last code written, or null before any.</summary>
    public byte? LastCode { get; private set; }

    /// <summary>Told about each code written (machine thread).</summary>
    public Action<byte>? CodeWritten { get; set; }

    public void Attach(IoBus bus) => bus.Claim(Port, 1, this, "post-code");

    public byte ReadByte(ushort port) => 0xFF;

    public void WriteByte(ushort port, byte value)
    {
        LastCode = value;
        CodeWritten?.Invoke(value);
    }
}
