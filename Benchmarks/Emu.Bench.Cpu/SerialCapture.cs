using System.Text;
using Emu.Core.Io;

namespace Emu.Bench.Cpu;

/// <summary>A minimal COM1 for the benchmark: THR writes are captured, LSR always reads "transmitter empty".</summary>
internal sealed class SerialCapture : IPortDevice
{
    private readonly StringBuilder _text = new();

    public string Text => _text.ToString();

    public byte ReadByte(ushort port) => (port & 7) == 5 ? (byte)0x60 : (byte)0;

    public void WriteByte(ushort port, byte value)
    {
        if ((port & 7) == 0)
        {
            _text.Append((char)value);
        }
    }
}
