using Emu.Core.Memory;
using Iced.Intel;

namespace Emu.Core.Cpu;

/// <summary>Feeds Iced's decoder from guest physical memory, up to a byte limit (page end or CS limit).</summary>
internal sealed class PhysicalCodeReader : CodeReader
{
    private readonly PhysicalMemory _memory;
    private uint _address;
    private uint _left;

    public PhysicalCodeReader(PhysicalMemory memory) => _memory = memory;

    public void Reset(uint address, uint limit)
    {
        _address = address;
        _left = limit;
    }

    public override int ReadByte()
    {
        if (_left == 0)
        {
            return -1;
        }

        _left--;
        return _memory.Read8(_address++);
    }
}
