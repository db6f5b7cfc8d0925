using Emu.Core.Io;
using Emu.Devices.Serial;

namespace Emu.Devices.Misc;

/// <summary>
/// QEMU's <c>isa-debugcon</c> (option <c>-debugcon</c>), normally at port E9h: every byte
/// written goes to a character backend, and a read returns the read-back value (E9h) so a
/// guest can detect it. Without this device the port is unclaimed and reads FFh.
/// </summary>
public sealed class DebugConsole : IPortDevice
{
    public const ushort DefaultPort = 0xE9;

    private readonly ICharBackend _backend;
    private readonly ushort _port;

    public DebugConsole(ICharBackend backend, ushort port = DefaultPort, byte readback = 0xE9)
    {
        _backend = backend;
        _port = port;
        Readback = readback;
    }

    public byte Readback { get; }

    public void Attach(IoBus bus) => bus.Claim(_port, 1, this, "debugcon");

    public byte ReadByte(ushort port) => Readback;

    public void WriteByte(ushort port, byte value) => _backend.Write(new ReadOnlySpan<byte>(in value));
}
