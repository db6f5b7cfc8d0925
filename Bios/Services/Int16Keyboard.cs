using Emu.Bios.Keyboard;
using Emu.Bios.Rom;
using Emu.Bios.Structures;

namespace Emu.Bios.Services;

/// <summary>
/// INT 16h keyboard services on the BDA ring (pc-platform-bios.md 4.6). AH=00h/10h wait in the
/// ROM's STI/HLT loop so IRQ0 and IRQ1 keep running until INT 09h has stored a key. Unknown
/// functions leave every register unchanged (SeaBIOS).
/// </summary>
public sealed class Int16Keyboard : BiosInterruptHandler
{
    private readonly KeyboardBuffer _buffer;

    public Int16Keyboard(BiosContext context)
        : base(context)
    {
        _buffer = new KeyboardBuffer(context.Bda);
        Register(0x00, () => Read(extended: false));
        Register(0x01, () => Peek(extended: false));
        Register(0x02, ShiftFlags);
        Register(0x03, () => { });
        Register(0x05, Push);
        Register(0x09, Capabilities);
        Register(0x0A, KeyboardId);
        Register(0x10, () => Read(extended: true));
        Register(0x11, () => Peek(extended: true));
        Register(0x12, ExtendedShiftFlags);
        Register(0x92, () => Cpu.AH = 0x80);
        Register(0xA2, () => { });
    }

    public override byte Vector => 0x16;

    public KeyboardBuffer Buffer => _buffer;

    /// <summary>The service waits in the ROM (STI; HLT; retry) while <see cref="BiosContext.RequestRetry"/> says so.</summary>
    public override ushort WriteStub(StubWriter writer) => WriteWaitingStub(writer);

    protected override void Unsupported(byte function) => WarnOnce(function);

    /// <summary>AH=00h/10h: waits for a key and removes it. Out: AX = key (00h translates grey keys).</summary>
    private void Read(bool extended)
    {
        if (!_buffer.TryDequeue(out ushort key))
        {
            Context.RequestRetry();
            return;
        }

        Cpu.AX = extended ? key : Translate(key);
    }

    /// <summary>AH=01h/11h: ZF=1 if the ring is empty, else ZF=0 and AX = the next key (left in the ring).</summary>
    private void Peek(bool extended)
    {
        if (!_buffer.TryPeek(out ushort key))
        {
            Context.SetZero(true);
            return;
        }

        Cpu.AX = extended ? key : Translate(key);
        Context.SetZero(false);
    }

    /// <summary>The AH=00h/01h view: ASCII E0 becomes 00, keypad Enter and '/' get their main-key scan codes.</summary>
    private static ushort Translate(ushort key) => key switch
    {
        0xE00D => 0x1C0D,
        0xE00A => 0x1C0A,
        0xE02F => 0x352F,
        _ when (key & 0xFF) == 0xE0 && (key >> 8) != 0 => (ushort)(key & 0xFF00),
        _ => key,
    };

    /// <summary>AH=02h: AL = BDA 0417h.</summary>
    private void ShiftFlags() => Cpu.AL = Context.Bda.Read8(BiosDataArea.ShiftFlags);

    /// <summary>AH=05h: stores CH:CL as a key. Out: AL = 00h stored, 01h ring full.</summary>
    private void Push() => Cpu.AL = _buffer.Enqueue(Cpu.CX) ? (byte)0 : (byte)1;

    /// <summary>AH=09h: AL = 30h (AH=0Ah and 10h-12h supported).</summary>
    private void Capabilities() => Cpu.AL = 0x30;

    /// <summary>AH=0Ah: BX = the MF2 keyboard's identify bytes (41ABh).</summary>
    private void KeyboardId() => Cpu.BX = 0x41AB;

    /// <summary>AH=12h: AL = 0417h; AH = 0418h with the right Ctrl/Alt bits from 0496h.</summary>
    private void ExtendedShiftFlags()
    {
        BiosDataArea bda = Context.Bda;
        Cpu.AL = bda.Read8(BiosDataArea.ShiftFlags);
        Cpu.AH = (byte)((bda.Read8(BiosDataArea.ShiftFlags2) & 0xF3) | (bda.Read8(BiosDataArea.KeyboardStatus3) & 0x0C));
    }
}
