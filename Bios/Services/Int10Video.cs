using Emu.Bios.Rom;
using Emu.Bios.Structures;
using Emu.Bios.Video;

namespace Emu.Bios.Services;

/// <summary>
/// INT 10h video services for the text modes (pc-platform-bios.md 4.1, SeaVGABIOS behaviour in
/// mode 03h). Graphics modes are not provided: setting one is refused with a warning and the
/// mode stays as it was. There is no VBE: AH=4Fh leaves AL != 4Fh so loaders fall back to text.
/// Once the display card's video ROM has hooked INT 10h at POST (<see cref="PassOnTo"/>), this
/// vector stays first in the chain only for the <c>-nographic</c> mirror and passes every call on
/// to the ROM, as SeaBIOS's serial console does in split mode (src/sercon.c).
/// </summary>
public sealed class Int10Video : BiosInterruptHandler
{
    private readonly TextScreen _screen;

    public Int10Video(BiosContext context)
        : base(context)
    {
        _screen = new TextScreen(context.Memory, context.Io, context.Bda);
        Register(0x00, SetMode);
        Register(0x01, SetCursorShape);
        Register(0x02, SetCursorPosition);
        Register(0x03, GetCursorPosition);
        Register(0x05, SelectPage);
        Register(0x06, ScrollUp);
        Register(0x07, ScrollDown);
        Register(0x08, ReadCharacterAttribute);
        Register(0x09, WriteCharacterAttribute);
        Register(0x0A, WriteCharacter);
        Register(0x0E, Teletype);
        Register(0x0F, GetMode);
        Register(0x10, () => { });
        Register(0x11, FontInformation);
        Register(0x12, AlternateSelect);
        Register(0x13, WriteString);
        Register(0x1A, DisplayCombination);
        Register(0x4F, () => { });
    }

    public override byte Vector => 0x10;

    public TextScreen Screen => _screen;

    /// <summary>The <c>-nographic</c> serial console mirror, or null.</summary>
    public SerialConsoleMirror? Mirror { get; set; }

    /// <summary>Whether a video ROM serves INT 10h (this handler only mirrors and passes calls on).</summary>
    public bool PassesOn { get; private set; }

    /// <summary>
    /// From now on INT 10h calls go on to the video ROM's handler at
    /// <paramref name="segment"/>:<paramref name="offset"/> after the mirror has seen them.
    /// </summary>
    public void PassOnTo(ushort segment, ushort offset)
    {
        Span<byte> pointer = Context.Memory.GetRomSpan(BiosLayout.RomBase + BiosLayout.VideoRomVector);
        pointer[0] = (byte)offset;
        pointer[1] = (byte)(offset >> 8);
        pointer[2] = (byte)segment;
        pointer[3] = (byte)(segment >> 8);
        PassesOn = true;
    }

    /// <summary>Back to the built-in text service (POST, before the video ROM runs again).</summary>
    public void ServeItself() => PassesOn = false;

    /// <summary>The trap, then IRET, or a far jump to the video ROM's handler with the caller's frame still on the stack.</summary>
    public override ushort WriteStub(StubWriter writer)
    {
        ushort entry = (ushort)writer.Position;
        writer.Trap(Vector);
        int rom = writer.JzForward();
        writer.Iret();
        writer.BindHere(rom);
        writer.JmpFarThroughCs(BiosLayout.VideoRomVector);
        return entry;
    }

    public override void Handle()
    {
        if (!PassesOn)
        {
            base.Handle();
            return;
        }

        MirrorForRom();
        Context.PassOn();
    }

    /// <summary>The calls SeaBIOS's split-mode console hooks (00h, 06h, 09h, 0Eh) and AH=13h, seen before the ROM acts.</summary>
    private void MirrorForRom()
    {
        if (Mirror is not { } mirror)
        {
            return;
        }

        switch (Cpu.AH)
        {
            case 0x00:
                mirror.OnSetMode(Cpu.AL);
                break;
            case 0x06:
                mirror.OnScrollUp(Cpu.AL, Cpu.BH, Cpu.CH, Cpu.CL, Cpu.DH, Cpu.DL);
                break;
            case 0x09:
                mirror.OnWriteCharAttribute(Cpu.AL, Cpu.BL, Cpu.CX);
                break;
            case 0x0E:
                mirror.OnTeletype(Cpu.AL);
                break;
            case 0x13:
                MirrorString(mirror);
                break;
        }
    }

    /// <summary>Sets mode 03h as POST does (also runs the mirror's terminal reset).</summary>
    public void InitializeMode3()
    {
        Mirror?.OnSetMode(0x03);
        ApplyMode(0x03, clear: true);
    }

    /// <summary>Prints <paramref name="text"/> through the teletype path (POST and boot messages).</summary>
    public void Print(string text)
    {
        foreach (char c in text)
        {
            TeletypeOutput((byte)c);
        }
    }

    /// <summary>The timer tick: the mirror sends its held character.</summary>
    public void Tick() => Mirror?.Flush();

    /// <summary>AH=00h: AL = mode (bit 7: keep memory). Out: AL = 30h (3Fh for mode 6, 20h above 7).</summary>
    private void SetMode()
    {
        byte al = Cpu.AL;
        byte mode = (byte)(al & 0x7F);
        if (mode is not (0x00 or 0x01 or 0x02 or 0x03 or 0x07))
        {
            WarnOnce(0x00);
            Cpu.AL = mode > 7 ? (byte)0x20 : mode == 6 ? (byte)0x3F : (byte)0x30;
            return;
        }

        Mirror?.OnSetMode(al);
        ApplyMode(mode, clear: (al & 0x80) == 0);
        Cpu.AL = 0x30;
    }

    private void ApplyMode(byte mode, bool clear)
    {
        BiosDataArea bda = Context.Bda;
        int columns = mode <= 1 ? 40 : 80;
        bda.Write8(BiosDataArea.VideoMode, mode);
        bda.Write16(BiosDataArea.VideoColumns, (ushort)columns);
        bda.Write16(BiosDataArea.VideoPageSize, (ushort)(columns == 40 ? 0x800 : 0x1000));
        bda.Write16(BiosDataArea.VideoPageStart, 0);
        for (int page = 0; page < 8; page++)
        {
            bda.Write16(BiosDataArea.CursorPositions + (page * 2), 0);
        }

        bda.Write8(BiosDataArea.ActivePage, 0);
        bda.Write16(BiosDataArea.CrtcBase, mode == 7 ? (ushort)0x3B4 : (ushort)0x3D4);
        bda.Write8(BiosDataArea.VideoRows, 24);
        bda.Write16(BiosDataArea.CharacterHeight, 16);
        bda.Write8(BiosDataArea.VideoControl, 0x60);
        bda.Write8(BiosDataArea.VideoSwitches, 0xF9);
        bda.Write8(BiosDataArea.VideoModeOptions, 0x51);
        bda.Write8(BiosDataArea.DisplayCombination, 0x08);
        if (clear)
        {
            for (int page = 0; page < 8; page++)
            {
                _screen.Scroll(page, 0, 0, 24, columns - 1, 0, 0x07, up: true);
            }
        }

        _screen.SetCursorShape(0x06, 0x07);
        _screen.SetCursor(0, 0, 0);
    }

    /// <summary>AH=01h: CH = start line (bit 5 hides), CL = end line.</summary>
    private void SetCursorShape() => _screen.SetCursorShape(Cpu.CH, Cpu.CL);

    /// <summary>AH=02h: BH = page, DH = row, DL = column.</summary>
    private void SetCursorPosition() => _screen.SetCursor(Cpu.BH, Cpu.DH, Cpu.DL);

    /// <summary>AH=03h: BH = page. Out: CX = shape, DH/DL = row/column; AX unchanged.</summary>
    private void GetCursorPosition()
    {
        (int row, int column) = _screen.GetCursor(Cpu.BH);
        Cpu.CX = Context.Bda.Read16(BiosDataArea.CursorShape);
        Cpu.DH = (byte)row;
        Cpu.DL = (byte)column;
    }

    /// <summary>AH=05h: AL = page (0-7).</summary>
    private void SelectPage()
    {
        byte page = (byte)(Cpu.AL & 7);
        BiosDataArea bda = Context.Bda;
        bda.Write8(BiosDataArea.ActivePage, page);
        bda.Write16(BiosDataArea.VideoPageStart, (ushort)(page * bda.Read16(BiosDataArea.VideoPageSize)));
        (int row, int column) = _screen.GetCursor(page);
        _screen.ProgramHardwareCursor(row, column);
    }

    /// <summary>AH=06h: AL = lines (0 clears), BH = fill attribute, CH/CL top-left, DH/DL bottom-right.</summary>
    private void ScrollUp()
    {
        Mirror?.OnScrollUp(Cpu.AL, Cpu.BH, Cpu.CH, Cpu.CL, Cpu.DH, Cpu.DL);
        _screen.Scroll(_screen.ActivePage, Cpu.CH, Cpu.CL, Cpu.DH, Cpu.DL, Cpu.AL, Cpu.BH, up: true);
    }

    /// <summary>AH=07h: as 06h, downwards.</summary>
    private void ScrollDown() =>
        _screen.Scroll(_screen.ActivePage, Cpu.CH, Cpu.CL, Cpu.DH, Cpu.DL, Cpu.AL, Cpu.BH, up: false);

    /// <summary>AH=08h: BH = page. Out: AL = character, AH = attribute at the cursor.</summary>
    private void ReadCharacterAttribute()
    {
        byte page = Cpu.BH;
        (int row, int column) = _screen.GetCursor(page);
        Cpu.AX = _screen.ReadCell(page, row, column);
    }

    /// <summary>AH=09h: AL = character, BH = page, BL = attribute, CX = count; cursor not moved.</summary>
    private void WriteCharacterAttribute()
    {
        Mirror?.OnWriteCharAttribute(Cpu.AL, Cpu.BL, Cpu.CX);
        WriteRepeated(Cpu.BH, Cpu.AL, Cpu.BL, Cpu.CX, keepAttribute: false);
    }

    /// <summary>AH=0Ah: AL = character, BH = page, CX = count; attributes kept, cursor not moved.</summary>
    private void WriteCharacter() => WriteRepeated(Cpu.BH, Cpu.AL, 0, Cpu.CX, keepAttribute: true);

    private void WriteRepeated(int page, byte character, byte attribute, int count, bool keepAttribute)
    {
        (int row, int column) = _screen.GetCursor(page);
        int cells = (_screen.Rows * _screen.Columns) - ((row * _screen.Columns) + column);
        count = Math.Min(count, Math.Max(0, cells));
        for (int i = 0; i < count; i++)
        {
            int r = row + ((column + i) / _screen.Columns);
            int c = (column + i) % _screen.Columns;
            if (keepAttribute)
            {
                _screen.WriteCharacter(page, r, c, character);
            }
            else
            {
                _screen.WriteCell(page, r, c, character, attribute);
            }
        }
    }

    /// <summary>AH=0Eh: AL = character; writes to the active page whatever BH says (SeaVGABIOS).</summary>
    private void Teletype() => TeletypeOutput(Cpu.AL);

    private void TeletypeOutput(byte character)
    {
        Mirror?.OnTeletype(character);
        TeletypeOnScreen(character);
    }

    private void TeletypeOnScreen(byte character)
    {
        int page = _screen.ActivePage;
        (int row, int column) = _screen.GetCursor(page);
        switch (character)
        {
            case 0x07:
                return;
            case 0x08:
                if (column > 0)
                {
                    column--;
                }

                break;
            case 0x0D:
                column = 0;
                break;
            case 0x0A:
                row++;
                break;
            default:
                _screen.WriteCharacter(page, row, column, character);
                column++;
                break;
        }

        if (column >= _screen.Columns)
        {
            column = 0;
            row++;
        }

        if (row >= _screen.Rows)
        {
            _screen.Scroll(page, 0, 0, _screen.Rows - 1, _screen.Columns - 1, 1, 0x07, up: true);
            row = _screen.Rows - 1;
        }

        _screen.SetCursor(page, row, column);
    }

    /// <summary>AH=0Fh. Out: AL = mode, AH = columns, BH = active page.</summary>
    private void GetMode()
    {
        Cpu.AL = _screen.Mode;
        Cpu.AH = (byte)_screen.Columns;
        Cpu.BH = _screen.ActivePage;
    }

    /// <summary>AH=11h AL=30h: font information. Out: CX = bytes per character, DL = rows - 1, ES:BP = 0 (no font tables).</summary>
    private void FontInformation()
    {
        if (Cpu.AL != 0x30)
        {
            WarnOnce(0x11);
            return;
        }

        Cpu.CX = 16;
        Cpu.DL = (byte)(_screen.Rows - 1);
        Cpu.ES = 0;
        Cpu.BP = 0;
    }

    /// <summary>AH=12h BL=10h: EGA information. Out: BH = 0 (colour), BL = 3 (256 KiB), CX = 0009.</summary>
    private void AlternateSelect()
    {
        if (Cpu.BL == 0x10)
        {
            Cpu.BX = 0x0003;
            Cpu.CX = 0x0009;
        }
    }

    /// <summary>AH=13h: AL bit 0 move cursor, bit 1 char/attr pairs; BH page, BL attribute, CX length, DH/DL position, ES:BP string.</summary>
    private void WriteString()
    {
        if (Mirror is { } mirror)
        {
            MirrorString(mirror);
        }

        byte mode = Cpu.AL;
        int page = Cpu.BH;
        (int savedRow, int savedColumn) = _screen.GetCursor(page);
        _screen.SetCursor(page, Cpu.DH, Cpu.DL);
        ushort segment = Cpu.ES;
        ushort offset = Cpu.BP;
        for (int i = 0; i < Cpu.CX; i++)
        {
            byte character = Context.Memory.Read8(BiosContext.Linear(segment, offset++));
            byte attribute = Cpu.BL;
            if ((mode & 2) != 0)
            {
                attribute = Context.Memory.Read8(BiosContext.Linear(segment, offset++));
            }

            (int row, int column) = _screen.GetCursor(page);
            if (character is 0x07 or 0x08 or 0x0A or 0x0D)
            {
                TeletypeOnScreen(character);
                continue;
            }

            _screen.WriteCell(page, row, column, character, attribute);
            column++;
            if (column >= _screen.Columns)
            {
                column = 0;
                row++;
            }

            if (row >= _screen.Rows)
            {
                _screen.Scroll(page, 0, 0, _screen.Rows - 1, _screen.Columns - 1, 1, 0x07, up: true);
                row = _screen.Rows - 1;
            }

            _screen.SetCursor(page, row, column);
        }

        if ((mode & 1) == 0)
        {
            _screen.SetCursor(page, savedRow, savedColumn);
        }
    }

    /// <summary>AH=13h's string (ES:BP, CX characters, pairs with AL bit 1) to the mirror, at DH/DL.</summary>
    private void MirrorString(SerialConsoleMirror mirror)
    {
        bool pairs = (Cpu.AL & 2) != 0;
        int count = Math.Min((int)Cpu.CX, _screen.Rows * _screen.Columns);
        Span<byte> characters = stackalloc byte[count];
        Span<byte> attributes = stackalloc byte[count];
        ushort offset = Cpu.BP;
        for (int i = 0; i < count; i++)
        {
            characters[i] = Context.Memory.Read8(BiosContext.Linear(Cpu.ES, offset++));
            attributes[i] = pairs ? Context.Memory.Read8(BiosContext.Linear(Cpu.ES, offset++)) : Cpu.BL;
        }

        mirror.OnWriteString(Cpu.DH, Cpu.DL, characters, attributes);
    }

    /// <summary>AH=1Ah AL=00h: display combination. Out: AL = 1Ah, BL = 08 (VGA colour), BH = 00.</summary>
    private void DisplayCombination()
    {
        if (Cpu.AL == 0x00)
        {
            Cpu.AL = 0x1A;
            Cpu.BX = 0x0008;
        }
    }
}
