using Emu.Bios.Structures;

namespace Emu.Bios.Services;

/// <summary>
/// INT 17h printer services on the LPT ports listed in the BDA (pc-platform-bios.md 4.7):
/// AH = status port XOR 48h, as SeaBIOS. An absent port returns with registers unchanged.
/// </summary>
public sealed class Int17Printer : BiosInterruptHandler
{
    public Int17Printer(BiosContext context)
        : base(context)
    {
        Register(0x00, Print);
        Register(0x01, Initialize);
        Register(0x02, Status);
    }

    public override byte Vector => 0x17;

    public override void Handle()
    {
        if (Port == 0)
        {
            return;
        }

        base.Handle();
    }

    private ushort Port => Cpu.DX < 3 ? Context.Bda.Read16(BiosDataArea.LptPorts + (Cpu.DX * 2)) : (ushort)0;

    /// <summary>AH=00h: prints AL (data, then a strobe pulse on the control port).</summary>
    private void Print()
    {
        ushort port = Port;
        Context.Io.WriteByte(port, Cpu.AL);
        byte control = Context.Io.ReadByte((ushort)(port + 2));
        Context.Io.WriteByte((ushort)(port + 2), (byte)(control | 0x01));
        Context.Io.WriteByte((ushort)(port + 2), (byte)(control & ~0x01));
        Status();
    }

    /// <summary>AH=01h: pulses INIT (control bit 2 low, then high).</summary>
    private void Initialize()
    {
        ushort port = Port;
        Context.Io.WriteByte((ushort)(port + 2), 0x08);
        Context.Io.WriteByte((ushort)(port + 2), 0x0C);
        Status();
    }

    /// <summary>AH=02h: AH = status.</summary>
    private void Status() => Cpu.AH = (byte)(Context.Io.ReadByte((ushort)(Port + 1)) ^ 0x48);
}
