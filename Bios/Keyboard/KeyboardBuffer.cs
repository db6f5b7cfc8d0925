using Emu.Bios.Structures;

namespace Emu.Bios.Keyboard;

/// <summary>
/// The BDA keyboard ring (pc-platform-bios.md 1.2): head 041Ah, tail 041Ch, bounds from 0480h and
/// 0482h (a loader may move them), words of scan code &lt;&lt; 8 | ASCII, one slot always empty.
/// </summary>
public sealed class KeyboardBuffer
{
    private readonly BiosDataArea _bda;

    public KeyboardBuffer(BiosDataArea bda)
    {
        _bda = bda;
    }

    public bool IsEmpty => _bda.Read16(BiosDataArea.KeyboardHead) == _bda.Read16(BiosDataArea.KeyboardTail);

    /// <summary>Stores a key at the tail; false (key dropped) when the ring is full, as SeaBIOS does.</summary>
    public bool Enqueue(ushort key)
    {
        ushort tail = _bda.Read16(BiosDataArea.KeyboardTail);
        ushort next = Advance(tail);
        if (next == _bda.Read16(BiosDataArea.KeyboardHead))
        {
            return false;
        }

        _bda.Write16(tail, key);
        _bda.Write16(BiosDataArea.KeyboardTail, next);
        return true;
    }

    public bool TryPeek(out ushort key)
    {
        key = 0;
        if (IsEmpty)
        {
            return false;
        }

        key = _bda.Read16(_bda.Read16(BiosDataArea.KeyboardHead));
        return true;
    }

    public bool TryDequeue(out ushort key)
    {
        if (!TryPeek(out key))
        {
            return false;
        }

        _bda.Write16(BiosDataArea.KeyboardHead, Advance(_bda.Read16(BiosDataArea.KeyboardHead)));
        return true;
    }

    public void Clear() => _bda.Write16(BiosDataArea.KeyboardHead, _bda.Read16(BiosDataArea.KeyboardTail));

    private ushort Advance(ushort offset)
    {
        offset += 2;
        ushort start = _bda.Read16(BiosDataArea.KeyboardBufferStart);
        ushort end = _bda.Read16(BiosDataArea.KeyboardBufferEnd);
        return offset >= end ? start : offset;
    }
}
