using Emu.Core.Io;

namespace Emu.TestSupport;

/// <summary>128 bytes of CMOS behind ports 70h/71h with no clock running (for firmware tests).</summary>
public sealed class FakeCmos : IPortDevice
{
    private byte _index;

    public byte[] Bytes { get; } = new byte[128];

    public void Attach(IoBus io) => io.Claim(0x70, 2, this, "fake-cmos");

    public byte ReadByte(ushort port) => port == 0x71 ? Bytes[_index] : (byte)0xFF;

    public void WriteByte(ushort port, byte value)
    {
        if (port == 0x70)
        {
            _index = (byte)(value & 0x7F);
        }
        else
        {
            Bytes[_index] = value;
        }
    }
}
