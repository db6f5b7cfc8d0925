using Emu.Bios.Keyboard;
using Emu.Bios.Rom;
using Emu.Bios.Structures;

namespace Emu.Bios.Services;

/// <summary>
/// INT 09h, the IRQ1 handler (pc-platform-bios.md 4.11, SeaBIOS <c>handle_09</c>/<c>process_key</c>).
/// The ROM part reads port 60h, offers the byte to INT 15h AH=4Fh with CF=1, and traps here only
/// if the hook kept CF set; then it re-enables the keyboard interface (i8042 AEh) and sends EOI.
/// This part tracks the shift states in the BDA and stores key words in the ring.
/// Not provided: INT 1Bh on Ctrl+Break, INT 05h on Print Screen, INT 15h AH=85h on SysRq, and
/// the LED command to the keyboard (BDA 0497h is updated).
/// </summary>
public sealed class Int09Keyboard : BiosInterruptHandler
{
    private const byte PrefixE0 = 0x02;
    private const byte PrefixE1 = 0x01;

    private readonly KeyboardBuffer _buffer;

    public Int09Keyboard(BiosContext context)
        : base(context)
    {
        _buffer = new KeyboardBuffer(context.Bda);
    }

    public override byte Vector => 0x09;

    /// <summary>Called for Ctrl+Alt+Del after BDA 0472h is set to 1234h (warm boot).</summary>
    public Action? ResetRequested { get; set; }

    public override ushort WriteStub(StubWriter writer)
    {
        ushort entry = (ushort)writer.Position;
        writer.PushAx();
        writer.InAlImm8(0x60);
        writer.MovAh(0x4F);
        writer.Stc();
        writer.Int(0x15);
        int skip = writer.JncForward();
        writer.Trap(Vector);
        writer.BindHere(skip);
        writer.MovAl(0xAE);
        writer.OutImm8Al(0x64);
        writer.MovAl(0x20);
        writer.OutImm8Al(0x20);
        writer.PopAx();
        writer.Iret();
        return entry;
    }

    /// <summary>AL = the set 1 byte from port 60h (possibly replaced by the INT 15h AH=4Fh hook).</summary>
    public override void Handle() => ProcessScanCode(Cpu.AL);

    public void ProcessScanCode(byte code)
    {
        BiosDataArea bda = Context.Bda;
        byte status3 = bda.Read8(BiosDataArea.KeyboardStatus3);
        byte prefix = (byte)(status3 & (PrefixE0 | PrefixE1));
        status3 &= unchecked((byte)~(PrefixE0 | PrefixE1));
        if (code == 0xE0)
        {
            bda.Write8(BiosDataArea.KeyboardStatus3, (byte)(status3 | PrefixE0));
            return;
        }

        if (code == 0xE1)
        {
            bda.Write8(BiosDataArea.KeyboardStatus3, (byte)(status3 | PrefixE1));
            return;
        }

        bda.Write8(BiosDataArea.KeyboardStatus3, status3);
        if (code is 0xFA or 0xFE or 0x00 or 0xFF)
        {
            return;
        }

        if ((prefix & PrefixE1) != 0 && (code & 0x7F) == 0x1D)
        {
            // The middle 1D of the Pause sequence E1 1D 45.
            bda.Write8(BiosDataArea.KeyboardStatus3, (byte)(status3 | PrefixE1));
            return;
        }

        bool release = (code & 0x80) != 0;
        int make = code & 0x7F;
        bool e0 = (prefix & PrefixE0) != 0;
        if (UpdateModifiers(make, release, e0) || release || (prefix & PrefixE1) != 0)
        {
            return;
        }

        StoreKey(make, e0);
    }

    /// <summary>Shift, Ctrl, Alt and the locks; returns true when the code was one of them.</summary>
    private bool UpdateModifiers(int make, bool release, bool e0)
    {
        BiosDataArea bda = Context.Bda;
        byte flags1 = bda.Read8(BiosDataArea.ShiftFlags);
        byte flags2 = bda.Read8(BiosDataArea.ShiftFlags2);
        byte status3 = bda.Read8(BiosDataArea.KeyboardStatus3);
        switch (make)
        {
            case 0x2A when !e0:
                flags1 = Set(flags1, 0x02, !release);
                break;
            case 0x36 when !e0:
                flags1 = Set(flags1, 0x01, !release);
                break;
            case 0x2A or 0x36:
                return true;
            case 0x1D:
            case 0x38:
                byte any = make == 0x1D ? (byte)0x04 : (byte)0x08;
                if (e0)
                {
                    status3 = Set(status3, any, !release);
                }
                else
                {
                    flags2 = Set(flags2, make == 0x1D ? (byte)0x01 : (byte)0x02, !release);
                }

                bool held = (flags2 & (make == 0x1D ? 0x01 : 0x02)) != 0 || (status3 & any) != 0;
                flags1 = Set(flags1, any, held);
                break;
            case 0x3A:
            case 0x45 when !e0:
            case 0x46 when !e0:
                byte bit = make == 0x3A ? (byte)0x40 : make == 0x45 ? (byte)0x20 : (byte)0x10;
                if (!release && (flags2 & bit) == 0)
                {
                    flags1 ^= bit;
                }

                flags2 = Set(flags2, bit, !release);
                byte leds = (byte)(((flags1 >> 4) & 1) | (((flags1 >> 5) & 1) << 1) | (((flags1 >> 6) & 1) << 2));
                bda.Write8(BiosDataArea.KeyboardLeds, (byte)((bda.Read8(BiosDataArea.KeyboardLeds) & 0xF8) | leds));
                break;
            case 0x46 when e0:
                if (release && (flags1 & 0x04) != 0)
                {
                    // Ctrl+Break: empty the ring, store 0000, set the break flag.
                    _buffer.Clear();
                    _buffer.Enqueue(0x0000);
                    bda.Write8(BiosDataArea.CtrlBreak, (byte)(bda.Read8(BiosDataArea.CtrlBreak) | 0x80));
                }

                return true;
            default:
                return false;
        }

        bda.Write8(BiosDataArea.ShiftFlags, flags1);
        bda.Write8(BiosDataArea.ShiftFlags2, flags2);
        bda.Write8(BiosDataArea.KeyboardStatus3, status3);
        return true;
    }

    private void StoreKey(int make, bool e0)
    {
        BiosDataArea bda = Context.Bda;
        byte flags1 = bda.Read8(BiosDataArea.ShiftFlags);
        bool alt = (flags1 & 0x08) != 0;
        bool ctrl = (flags1 & 0x04) != 0;
        if (make == 0x53 && alt && ctrl)
        {
            bda.Write16(BiosDataArea.SoftResetFlag, 0x1234);
            ResetRequested?.Invoke();
            return;
        }

        bool shift = (flags1 & 0x03) != 0;
        if (!e0 && ScanCodeTable.IsLetter(make) && (flags1 & 0x40) != 0)
        {
            shift = !shift;
        }

        if (!e0 && ScanCodeTable.IsKeypad(make) && (flags1 & 0x20) != 0)
        {
            shift = !shift;
        }

        ushort key;
        if (e0 && make == 0x1C)
        {
            key = alt ? (ushort)0xA600 : ctrl ? (ushort)0xE00A : (ushort)0xE00D;
        }
        else if (e0 && make == 0x35)
        {
            key = alt ? (ushort)0xA400 : ctrl ? (ushort)0x9500 : (ushort)0xE02F;
        }
        else if (e0 && make is >= 0x47 and <= 0x53)
        {
            key = alt ? (ushort)((make + 0x50) << 8)
                : (ushort)((ScanCodeTable.Lookup(make, ctrl ? 2 : 0) & 0xFF00) | 0xE0);
        }
        else
        {
            int column = alt ? 3 : ctrl ? 2 : shift ? 1 : 0;
            key = ScanCodeTable.Lookup(make, column);
        }

        if (key != 0)
        {
            _buffer.Enqueue(key);
        }
    }

    private static byte Set(byte value, byte mask, bool on) => on ? (byte)(value | mask) : (byte)(value & ~mask);
}
