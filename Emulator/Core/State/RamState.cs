using System.Globalization;
using Emu.Core.Memory;

namespace Emu.Core.State;

/// <summary>
/// Guest RAM as a saved section (<c>ram</c>): its size and every 64 KiB chunk that is not all zero,
/// as QEMU's RAM migration skips zero pages. Loading needs the same RAM size (QEMU: "Length
/// mismatch") and clears the chunks the image leaves out; the decoded code of every page is dropped.
/// </summary>
public sealed class RamState : IStatefulDevice
{
    private const int ChunkBytes = 64 * 1024;
    private readonly PhysicalMemory _memory;

    public RamState(PhysicalMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        _memory = memory;
    }

    public string StateName => "ram";

    public void Save(StateWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginSection(StateName, 1);
        writer.Write("size", _memory.RamSize);
        ReadOnlySpan<byte> ram = _memory.Ram;
        for (int at = 0; at < ram.Length; at += ChunkBytes)
        {
            ReadOnlySpan<byte> chunk = ram.Slice(at, Math.Min(ChunkBytes, ram.Length - at));
            if (chunk.ContainsAnyExcept((byte)0))
            {
                writer.Write(ChunkName(at), chunk);
            }
        }

        writer.EndSection();
    }

    public void Load(StateReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateSection section = reader.GetSection(StateName, 1, 1);
        long size = section.GetInt64("size");
        if (size != _memory.RamSize)
        {
            throw new StateFormatException($"section ram: Length mismatch: pc.ram: 0x{size:x} in != 0x{_memory.RamSize:x}");
        }

        // Check every chunk's length before the first byte of RAM changes.
        for (int at = 0; at < _memory.RamSize; at += ChunkBytes)
        {
            if (section.Has(ChunkName(at)) && section.GetBytes(ChunkName(at)).Length != Math.Min(ChunkBytes, _memory.RamSize - at))
            {
                throw new StateFormatException($"section ram: field {ChunkName(at)} has the wrong length");
            }
        }

        Span<byte> ram = _memory.RamForWrite(0, _memory.RamSize);
        for (int at = 0; at < ram.Length; at += ChunkBytes)
        {
            Span<byte> chunk = ram.Slice(at, Math.Min(ChunkBytes, ram.Length - at));
            if (section.Has(ChunkName(at)))
            {
                section.GetBytes(ChunkName(at), chunk);
            }
            else
            {
                chunk.Clear();
            }
        }
    }

    private static string ChunkName(int offset) => offset.ToString("x8", CultureInfo.InvariantCulture);
}
