namespace Emu.Bios.Video;

/// <summary>
/// Mirrors INT 10h text output to the serial line as an ANSI terminal stream, the way SeaBIOS's
/// serial console does in "split mode" under QEMU's <c>-nographic</c> (pc-platform-bios.md 6.1):
/// output is lazy by one character, cursor moves become CR/LF or <c>ESC [rr;ccH</c>, attributes
/// become SGR sequences, characters go out as UTF-8 of their CP437 glyph. Each hook runs before
/// the video operation itself, with the cursor (page 0) as the caller left it.
/// </summary>
public sealed class SerialConsoleMirror
{
    // VGA colour number -> ANSI colour digit.
    private static readonly byte[] AnsiColour = "04261537"u8.ToArray();

    private readonly Action<byte> _output;
    private readonly TextScreen _screen;
    private int _rowLast;
    private int _columnLast;
    private byte _attributeLast;
    private byte _pendingChar;
    private byte _pendingAttribute = 0x07;

    public SerialConsoleMirror(TextScreen screen, Action<byte> output)
    {
        _screen = screen;
        _output = output;
    }

    /// <summary>AH=00h: terminal reset, no line wrap, clear unless AL bit 7.</summary>
    public void OnSetMode(byte al)
    {
        _rowLast = 0;
        _columnLast = 0;
        _attributeLast = 0;
        Write("\u001Bc");
        Write("\u001B[?7l");
        if ((al & 0x80) == 0)
        {
            Write("\u001B[2J");
        }
    }

    /// <summary>AH=06h: a full-screen clear becomes ESC[2J, any other scroll a CR LF.</summary>
    public void OnScrollUp(byte lines, byte attribute, byte top, byte left, byte bottom, byte right)
    {
        Flush();
        if (lines == 0)
        {
            if (top == 0 && left == 0 && bottom == _screen.Rows - 1 && right == _screen.Columns - 1)
            {
                SetAttribute(attribute);
                Write("\u001B[2J");
            }
        }
        else
        {
            _output((byte)'\r');
            _output((byte)'\n');
        }
    }

    /// <summary>AH=09h.</summary>
    public void OnWriteCharAttribute(byte character, byte attribute, int count)
    {
        (int row, int column) = _screen.GetCursor(0);
        if (count == 1)
        {
            Put(character, attribute, teletype: false);
        }
        else if (character == 0x20 && count == _screen.Rows * _screen.Columns && row == 0 && column == 0)
        {
            Flush();
            SetAttribute(attribute);
            Write("\u001B[2J");
        }
        else
        {
            Flush();
            SetAttribute(attribute);
            for (int i = 0; i < count; i++)
            {
                Cp437.WriteUtf8(character, _output);
            }

            // SeaBIOS moves the terminal cursor back without recording it (src/sercon.c 1009h).
            int rowLast = _rowLast;
            int columnLast = _columnLast;
            GoTo(row, column);
            _rowLast = rowLast;
            _columnLast = columnLast;
        }
    }

    /// <summary>AH=0Eh.</summary>
    public void OnTeletype(byte character)
    {
        switch (character)
        {
            case 0x07:
                _output(0x07);
                break;
            case 0x08:
                Flush();
                (int row, int column) = _screen.GetCursor(0);
                if (column > 0)
                {
                    _output(0x08);
                    _rowLast = row;
                    _columnLast = column - 1;
                }

                break;
            case 0x0D:
                break;
            case 0x0A:
                LineFeed();
                break;
            default:
                Put(character, 0, teletype: true);
                break;
        }
    }

    /// <summary>
    /// AH=13h: the string from (<paramref name="row"/>, <paramref name="column"/>) with its
    /// attributes; BEL, BS, CR and LF act as on a teletype, and a full line wraps to the next.
    /// The next flush brings the terminal cursor to wherever the video BIOS left its own.
    /// </summary>
    public void OnWriteString(int row, int column, ReadOnlySpan<byte> characters, ReadOnlySpan<byte> attributes)
    {
        Flush();
        if (row != _rowLast || column != _columnLast)
        {
            GoTo(row, column);
        }

        for (int i = 0; i < characters.Length; i++)
        {
            switch (characters[i])
            {
                case 0x07:
                    _output(0x07);
                    break;
                case 0x08:
                    if (_columnLast > 0)
                    {
                        _output(0x08);
                        _columnLast--;
                    }

                    break;
                case 0x0D:
                    _output((byte)'\r');
                    _columnLast = 0;
                    break;
                case 0x0A:
                    NewLine(carriageReturn: false);
                    break;
                default:
                    if (_columnLast >= _screen.Columns)
                    {
                        NewLine(carriageReturn: true);
                    }

                    SetAttribute(attributes[i]);
                    Cp437.WriteUtf8(characters[i], _output);
                    _columnLast++;
                    break;
            }
        }
    }

    private void NewLine(bool carriageReturn)
    {
        if (carriageReturn)
        {
            _output((byte)'\r');
            _columnLast = 0;
        }

        _output((byte)'\n');
        _rowLast = Math.Min(_rowLast + 1, _screen.Rows - 1);
    }

    /// <summary>Sends the held character and brings the terminal cursor to the screen's (the timer tick does this).</summary>
    public void Flush()
    {
        if (_pendingChar != 0)
        {
            SetAttribute(_pendingAttribute);
            Cp437.WriteUtf8(_pendingChar, _output);
            _columnLast++;
        }

        SyncCursor();
        _pendingAttribute = 0x07;
        _pendingChar = 0;
    }

    private void Put(byte character, byte attribute, bool teletype)
    {
        (int row, int column) = _screen.GetCursor(0);
        if (row != _rowLast || column != _columnLast)
        {
            Flush();
        }

        _pendingChar = character;
        if (teletype)
        {
            if (column + 1 >= _screen.Columns)
            {
                LineFeed();
            }
        }
        else
        {
            _pendingAttribute = attribute;
        }
    }

    /// <summary>The video BIOS scrolls when a line feed leaves the last row; the terminal will scroll on its next LF.</summary>
    private void LineFeed()
    {
        (int row, _) = _screen.GetCursor(0);
        if (row + 1 >= _screen.Rows && _rowLast > 0)
        {
            _rowLast--;
        }
    }

    private void SyncCursor()
    {
        (int row, int column) = _screen.GetCursor(0);
        if (_rowLast == row && _columnLast == column)
        {
            return;
        }

        if (column == 0 && _rowLast <= row)
        {
            if (_columnLast != 0)
            {
                _output((byte)'\r');
                _columnLast = 0;
            }

            while (_rowLast < row)
            {
                _output((byte)'\n');
                _rowLast++;
            }

            if (_columnLast == column)
            {
                return;
            }
        }

        GoTo(row, column);
    }

    private void GoTo(int row, int column)
    {
        row++;
        column++;
        _output(0x1B);
        _output((byte)'[');
        _output((byte)('0' + (row / 10)));
        _output((byte)('0' + (row % 10)));
        _output((byte)';');
        _output((byte)('0' + (column / 10)));
        _output((byte)('0' + (column % 10)));
        _output((byte)'H');
        _rowLast = row - 1;
        _columnLast = column - 1;
    }

    private void SetAttribute(byte attribute)
    {
        if (attribute == _attributeLast)
        {
            return;
        }

        _attributeLast = attribute;
        int foreground = attribute & 7;
        int background = (attribute >> 4) & 7;
        _output(0x1B);
        _output((byte)'[');
        _output((byte)'0');
        if (foreground != 7)
        {
            _output((byte)';');
            _output((byte)'3');
            _output(AnsiColour[foreground]);
        }

        if (background != 0)
        {
            _output((byte)';');
            _output((byte)'4');
            _output(AnsiColour[background]);
        }

        if ((attribute & 0x08) != 0)
        {
            _output((byte)';');
            _output((byte)'1');
        }

        _output((byte)'m');
    }

    private void Write(string text)
    {
        foreach (char c in text)
        {
            _output((byte)c);
        }
    }
}
