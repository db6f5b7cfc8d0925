using Emu.Bios.Structures;

namespace Emu.Bios.Services;

/// <summary>
/// INT 14h serial services on the 16550 ports listed in the BDA (pc-platform-bios.md 4.4).
/// DX = port index; an absent port returns CF=1 with AH unchanged (SeaBIOS).
/// </summary>
public sealed class Int14Serial : BiosInterruptHandler
{
    private const int Lsr = 5;
    private const int Msr = 6;
    private const int Lcr = 3;
    private const byte LsrDataReady = 0x01;
    private const byte LsrThrEmpty = 0x20;
    private const byte Timeout = 0x80;

    // Divisors of 115200 for AL bits 7-5: 110, 150, 300, 600, 1200, 2400, 4800, 9600 baud.
    private static readonly ushort[] Divisors = [0x417, 0x300, 0x180, 0xC0, 0x60, 0x30, 0x18, 0x0C];

    public Int14Serial(BiosContext context)
        : base(context)
    {
        Register(0x00, Initialize);
        Register(0x01, Send);
        Register(0x02, Receive);
        Register(0x03, Status);
    }

    public override byte Vector => 0x14;

    public override void Handle()
    {
        if (Port == 0)
        {
            Context.SetCarry(true);
            return;
        }

        base.Handle();
    }

    private ushort Port => Cpu.DX < 4 ? Context.Bda.Read16(BiosDataArea.ComPorts + (Cpu.DX * 2)) : (ushort)0;

    private byte In(int offset) => Context.Io.ReadByte((ushort)(Port + offset));

    private void Out(int offset, byte value) => Context.Io.WriteByte((ushort)(Port + offset), value);

    /// <summary>AH=00h: AL = baud (bits 7-5), parity (4-3), stop bits (2), length (1-0). Out as AH=03h.</summary>
    private void Initialize()
    {
        byte al = Cpu.AL;
        ushort divisor = Divisors[al >> 5];
        Out(Lcr, 0x80);
        Out(0, (byte)divisor);
        Out(1, (byte)(divisor >> 8));
        Out(Lcr, (byte)(al & 0x1F));
        Status();
    }

    /// <summary>AH=01h: sends AL. Out: AH = LSR, bit 7 set on timeout.</summary>
    private void Send()
    {
        byte lsr = In(Lsr);
        if ((lsr & LsrThrEmpty) == 0)
        {
            Cpu.AH = (byte)(lsr | Timeout);
            Context.SetCarry(false);
            return;
        }

        Out(0, Cpu.AL);
        Cpu.AH = In(Lsr);
        Context.SetCarry(false);
    }

    /// <summary>AH=02h: AL = received byte. Out: AH = LSR, bit 7 set when nothing arrived.</summary>
    private void Receive()
    {
        byte lsr = In(Lsr);
        if ((lsr & LsrDataReady) == 0)
        {
            Cpu.AH = (byte)(lsr | Timeout);
            Context.SetCarry(false);
            return;
        }

        Cpu.AL = In(0);
        Cpu.AH = In(Lsr);
        Context.SetCarry(false);
    }

    /// <summary>AH=03h: AH = LSR, AL = MSR.</summary>
    private void Status()
    {
        Cpu.AH = In(Lsr);
        Cpu.AL = In(Msr);
        Context.SetCarry(false);
    }
}
