using System.Buffers.Binary;
using System.Text;

namespace Emu.Core.State;

/// <summary>
/// Writes an Emu saved state: the magic <c>EMUSTATE</c>, a format version, then named and
/// versioned sections, each a list of named fields (QEMU's vmstate idea of named fields rather
/// than positions, so a moved or added field never shifts the others).
/// <code>
/// file    = "EMUSTATE" u16:formatVersion section*
/// section = str:name u32:version u32:byteLength field*
/// field   = str:name u8:kind (i64 | u32:length bytes)
/// str     = u16:length utf8
/// </code>
/// All integers are little-endian. Not a hot path: sections are buffered in memory.
/// </summary>
public sealed class StateWriter
{
    /// <summary>The version of the container format itself.</summary>
    public const ushort FormatVersion = 1;

    internal static ReadOnlySpan<byte> Magic => "EMUSTATE"u8;

    private readonly Stream _output;
    private readonly MemoryStream _section = new();
    private string? _sectionName;
    private int _sectionVersion;

    public StateWriter(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _output.Write(Magic);
        Span<byte> version = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(version, FormatVersion);
        _output.Write(version);
    }

    /// <summary>Starts a section; fields written next belong to it until <see cref="EndSection"/>.</summary>
    public void BeginSection(string name, int version)
    {
        if (_sectionName is not null)
        {
            throw new InvalidOperationException($"section {_sectionName} is still open");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(version);
        _sectionName = name;
        _sectionVersion = version;
        _section.SetLength(0);
    }

    public void EndSection()
    {
        string name = _sectionName ?? throw new InvalidOperationException("no section is open");
        WriteString(_output, name);
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)_sectionVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], checked((uint)_section.Length));
        _output.Write(header);
        _section.Position = 0;
        _section.CopyTo(_output);
        _sectionName = null;
    }

    public void Write(string field, long value)
    {
        BeginField(field, StateFieldKind.Integer);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        _section.Write(bytes);
    }

    public void Write(string field, bool value) => Write(field, value ? 1L : 0L);

    public void Write(string field, ReadOnlySpan<byte> value)
    {
        BeginField(field, StateFieldKind.Bytes);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)value.Length);
        _section.Write(length);
        _section.Write(value);
    }

    private void BeginField(string field, StateFieldKind kind)
    {
        if (_sectionName is null)
        {
            throw new InvalidOperationException($"field {field} written outside a section");
        }

        WriteString(_section, field);
        _section.WriteByte((byte)kind);
    }

    private static void WriteString(Stream stream, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > ushort.MaxValue)
        {
            throw new ArgumentException("name too long", nameof(text));
        }

        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)bytes.Length);
        stream.Write(length);
        stream.Write(bytes);
    }
}
