using Emu.Core.Memory;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>Feeds Iced's decoder from guest physical memory, up to a byte limit (page end or CS limit), continuing on a second frame past a page end.</summary>
internal sealed class PhysicalCodeReader : CodeReader
{
    private readonly PhysicalMemory _memory;
    private uint _address;
    private uint _left;
    private uint _untilSplit;
    private uint _second;

    public PhysicalCodeReader(PhysicalMemory memory) => _memory = memory;

    /// <summary>Reads up to <paramref name="limit"/> bytes: <paramref name="split"/> from <paramref name="address"/>, the rest from <paramref name="second"/>.</summary>
    public void Reset(uint address, uint limit, uint split, uint second)
    {
        _address = address;
        _left = limit;
        _untilSplit = split;
        _second = second;
    }

    public override int ReadByte()
    {
        if (_left == 0)
        {
            return -1;
        }

        _left--;
        if (_untilSplit == 0)
        {
            _address = _second;
            _untilSplit = uint.MaxValue;
        }

        _untilSplit--;
        return _memory.Read8(_address++);
    }
}
