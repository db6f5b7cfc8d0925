using System.Buffers.Binary;
using System.Text;

namespace Emu.Core.State;

/// <summary>
/// Reads a state written by <see cref="StateWriter"/>: checks the magic and format version,
/// parses every section up front (so a truncated file fails before any device is touched) and
/// hands sections out by name. Optional sections are looked up with <see cref="TryGetSection"/>.
/// </summary>
public sealed class StateReader
{
    private readonly Dictionary<string, StateSection> _sections = new(StringComparer.Ordinal);

    private StateReader()
    {
    }

    public IEnumerable<string> SectionNames => _sections.Keys;

    public static StateReader Read(ReadOnlySpan<byte> data)
    {
        StateReader reader = new();
        ReadOnlySpan<byte> magic = StateWriter.Magic;
        if (data.Length < magic.Length + 2 || !data[..magic.Length].SequenceEqual(magic))
        {
            throw new StateFormatException("not an Emu saved state (bad magic)");
        }

        ushort format = BinaryPrimitives.ReadUInt16LittleEndian(data[magic.Length..]);
        if (format != StateWriter.FormatVersion)
        {
            throw new StateFormatException($"saved-state format version {format} is not supported");
        }

        int position = magic.Length + 2;
        while (position < data.Length)
        {
            string name = ReadString(data, ref position, "section name");
            uint version = ReadUInt32(data, ref position, name);
            uint length = ReadUInt32(data, ref position, name);
            if (version > int.MaxValue || length > (uint)(data.Length - position))
            {
                throw new StateFormatException($"section {name}: truncated or bad header");
            }

            StateSection section = new(name, (int)version);
            ReadFields(section, data.Slice(position, (int)length));
            position += (int)length;
            if (!reader._sections.TryAdd(name, section))
            {
                throw new StateFormatException($"section {name} appears twice");
            }
        }

        return reader;
    }

    public static StateReader Read(Stream input)
    {
        using MemoryStream buffer = new();
        input.CopyTo(buffer);
        return Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public bool TryGetSection(string name, out StateSection section)
    {
        if (_sections.TryGetValue(name, out StateSection? found))
        {
            section = found;
            return true;
        }

        section = null!;
        return false;
    }

    /// <summary>A required section, with its version checked against what the caller understands.</summary>
    public StateSection GetSection(string name, int minimumVersion, int maximumVersion)
    {
        if (!_sections.TryGetValue(name, out StateSection? section))
        {
            throw new StateFormatException($"section {name} is missing");
        }

        section.RequireVersion(minimumVersion, maximumVersion);
        return section;
    }

    private static void ReadFields(StateSection section, ReadOnlySpan<byte> data)
    {
        int position = 0;
        while (position < data.Length)
        {
            string field = ReadString(data, ref position, $"section {section.Name} field name");
            if (position >= data.Length)
            {
                throw new StateFormatException($"section {section.Name}: field {field} is truncated");
            }

            StateFieldKind kind = (StateFieldKind)data[position++];
            switch (kind)
            {
                case StateFieldKind.Integer:
                    if (data.Length - position < 8)
                    {
                        throw new StateFormatException($"section {section.Name}: field {field} is truncated");
                    }

                    section.AddInteger(field, BinaryPrimitives.ReadInt64LittleEndian(data[position..]));
                    position += 8;
                    break;
                case StateFieldKind.Bytes:
                    uint length = ReadUInt32(data, ref position, section.Name);
                    if (length > (uint)(data.Length - position))
                    {
                        throw new StateFormatException($"section {section.Name}: field {field} is truncated");
                    }

                    section.AddBytes(field, data.Slice(position, (int)length).ToArray());
                    position += (int)length;
                    break;
                default:
                    throw new StateFormatException($"section {section.Name}: field {field} has unknown kind {(byte)kind}");
            }
        }
    }

    private static string ReadString(ReadOnlySpan<byte> data, ref int position, string what)
    {
        if (data.Length - position < 2)
        {
            throw new StateFormatException($"{what} is truncated");
        }

        int length = BinaryPrimitives.ReadUInt16LittleEndian(data[position..]);
        position += 2;
        if (data.Length - position < length)
        {
            throw new StateFormatException($"{what} is truncated");
        }

        string text = Encoding.UTF8.GetString(data.Slice(position, length));
        position += length;
        return text;
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> data, ref int position, string section)
    {
        if (data.Length - position < 4)
        {
            throw new StateFormatException($"section {section}: truncated");
        }

        uint value = BinaryPrimitives.ReadUInt32LittleEndian(data[position..]);
        position += 4;
        return value;
    }
}
