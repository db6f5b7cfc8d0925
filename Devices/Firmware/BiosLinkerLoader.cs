using System.Buffers.Binary;
using System.Text;

namespace Emu.Devices.Firmware;

/// <summary>
/// Writes QEMU's BIOS linker/loader script, the fw_cfg file <c>etc/table-loader</c> (QEMU
/// hw/acpi/bios-linker-loader.c; SeaBIOS src/fw/romfile_loader.h): 128-byte little-endian commands
/// that tell the firmware to allocate fw_cfg files in guest memory, add the address where one file
/// landed to a pointer inside another, and fix a checksum afterwards. With this script SeaBIOS
/// places the machine's own ACPI tables instead of building its legacy ones.
/// </summary>
public sealed class BiosLinkerLoader
{
    public const int CommandLength = 128;
    public const int FileNameLength = 56;

    /// <summary>QEMU pads the script to 4 KiB (ACPI_BUILD_ALIGN_SIZE); zero commands are skipped.</summary>
    public const int PaddedLength = 0x1000;

    private const uint Allocate = 1;
    private const uint AddPointer = 2;
    private const uint AddChecksum = 3;

    private readonly List<byte[]> _commands = [];

    /// <summary>Where an allocated file goes: SeaBIOS's high zone (top of RAM) or the F segment.</summary>
    public enum Zone : byte
    {
        High = 1,
        FSegment = 2,
    }

    /// <summary>ALLOCATE: load <paramref name="file"/> into <paramref name="zone"/> on an <paramref name="align"/>-byte boundary (a power of two).</summary>
    public void AddAllocate(string file, uint align, Zone zone)
    {
        if (align == 0 || (align & (align - 1)) != 0)
        {
            throw new ArgumentException($"alignment {align} is not a power of two", nameof(align));
        }

        byte[] command = NewCommand(Allocate);
        WriteName(command.AsSpan(4), file);
        BinaryPrimitives.WriteUInt32LittleEndian(command.AsSpan(4 + FileNameLength), align);
        command[4 + FileNameLength + 4] = (byte)zone;
    }

    /// <summary>ADD_POINTER: add the address of <paramref name="source"/> to the <paramref name="size"/>-byte value at <paramref name="offset"/> in <paramref name="destination"/>.</summary>
    public void AddPointerTo(string destination, string source, uint offset, byte size)
    {
        if (size is not (1 or 2 or 4 or 8))
        {
            throw new ArgumentException($"pointer size {size} is not 1, 2, 4 or 8", nameof(size));
        }

        byte[] command = NewCommand(AddPointer);
        WriteName(command.AsSpan(4), destination);
        WriteName(command.AsSpan(4 + FileNameLength), source);
        BinaryPrimitives.WriteUInt32LittleEndian(command.AsSpan(4 + (2 * FileNameLength)), offset);
        command[4 + (2 * FileNameLength) + 4] = size;
    }

    /// <summary>ADD_CHECKSUM: subtract the byte sum of [<paramref name="start"/>, +<paramref name="length"/>) from the byte at <paramref name="offset"/>.</summary>
    public void AddChecksumOf(string file, uint offset, uint start, uint length)
    {
        byte[] command = NewCommand(AddChecksum);
        WriteName(command.AsSpan(4), file);
        BinaryPrimitives.WriteUInt32LittleEndian(command.AsSpan(4 + FileNameLength), offset);
        BinaryPrimitives.WriteUInt32LittleEndian(command.AsSpan(4 + FileNameLength + 4), start);
        BinaryPrimitives.WriteUInt32LittleEndian(command.AsSpan(4 + FileNameLength + 8), length);
    }

    /// <summary>The script, padded with zero commands to a multiple of <see cref="PaddedLength"/>.</summary>
    public byte[] ToArray()
    {
        int length = _commands.Count * CommandLength;
        byte[] script = new byte[Math.Max(PaddedLength, (length + PaddedLength - 1) / PaddedLength * PaddedLength)];
        for (int i = 0; i < _commands.Count; i++)
        {
            _commands[i].CopyTo(script, i * CommandLength);
        }

        return script;
    }

    private byte[] NewCommand(uint command)
    {
        byte[] bytes = new byte[CommandLength];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, command);
        _commands.Add(bytes);
        return bytes;
    }

    private static void WriteName(Span<byte> field, string name)
    {
        if (Encoding.ASCII.GetByteCount(name) >= FileNameLength)
        {
            throw new ArgumentException($"fw_cfg file name '{name}' is longer than {FileNameLength - 1} bytes", nameof(name));
        }

        Encoding.ASCII.GetBytes(name, field);
    }
}
