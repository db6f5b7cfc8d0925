namespace Emu.Core.State;

/// <summary>
/// One loaded section: its version and its fields by name. The getters check kind and range
/// and throw <see cref="StateFormatException"/> naming the section and field, so a device's
/// <c>Load</c> never takes a value it could not have produced itself.
/// </summary>
public sealed class StateSection
{
    private readonly Dictionary<string, long> _integers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _bytes = new(StringComparer.Ordinal);

    internal StateSection(string name, int version)
    {
        Name = name;
        Version = version;
    }

    public string Name { get; }

    public int Version { get; }

    internal void AddInteger(string field, long value)
    {
        if (!_integers.TryAdd(field, value) || _bytes.ContainsKey(field))
        {
            throw new StateFormatException($"section {Name}: field {field} appears twice");
        }
    }

    internal void AddBytes(string field, byte[] value)
    {
        if (!_bytes.TryAdd(field, value) || _integers.ContainsKey(field))
        {
            throw new StateFormatException($"section {Name}: field {field} appears twice");
        }
    }

    /// <summary>Fails unless this section's version is one the caller understands.</summary>
    public void RequireVersion(int minimum, int maximum)
    {
        if (Version < minimum || Version > maximum)
        {
            throw new StateFormatException($"section {Name}: version {Version} is not supported (expected {minimum}..{maximum})");
        }
    }

    /// <summary>Every field as <c>name=value</c>, sorted by name (for diagnostics and diffs).</summary>
    public string Describe()
    {
        List<string> parts = [];
        foreach (KeyValuePair<string, long> field in _integers)
        {
            parts.Add($"{field.Key}={field.Value}");
        }

        foreach (KeyValuePair<string, byte[]> field in _bytes)
        {
            parts.Add($"{field.Key}=[{Convert.ToHexString(field.Value)}]");
        }

        parts.Sort(StringComparer.Ordinal);
        return string.Join(' ', parts);
    }

    public bool Has(string field) => _integers.ContainsKey(field) || _bytes.ContainsKey(field);

    public long GetInt64(string field)
    {
        if (_integers.TryGetValue(field, out long value))
        {
            return value;
        }

        throw Missing(field, "an integer");
    }

    /// <summary>An integer that must lie in <paramref name="minimum"/>..<paramref name="maximum"/> inclusive.</summary>
    public long GetInt64(string field, long minimum, long maximum)
    {
        long value = GetInt64(field);
        if (value < minimum || value > maximum)
        {
            throw new StateFormatException($"section {Name}: field {field} = {value} is outside {minimum}..{maximum}");
        }

        return value;
    }

    public int GetInt32(string field, int minimum, int maximum) => (int)GetInt64(field, minimum, maximum);

    public byte GetByte(string field) => (byte)GetInt64(field, 0, byte.MaxValue);

    public ushort GetUInt16(string field) => (ushort)GetInt64(field, 0, ushort.MaxValue);

    public bool GetBool(string field) => GetInt64(field, 0, 1) != 0;

    /// <summary>An optional integer with a default when absent (a field added in a later version).</summary>
    public long GetInt64OrDefault(string field, long minimum, long maximum, long defaultValue) =>
        _integers.ContainsKey(field) ? GetInt64(field, minimum, maximum) : defaultValue;

    public byte[] GetBytes(string field)
    {
        if (_bytes.TryGetValue(field, out byte[]? value))
        {
            return value;
        }

        throw Missing(field, "a byte string");
    }

    /// <summary>Copies a byte field of exactly <paramref name="destination"/>'s length into it.</summary>
    public void GetBytes(string field, Span<byte> destination)
    {
        byte[] value = GetBytes(field);
        if (value.Length != destination.Length)
        {
            throw new StateFormatException($"section {Name}: field {field} holds {value.Length} bytes, expected {destination.Length}");
        }

        value.CopyTo(destination);
    }

    /// <summary>A byte field no longer than <paramref name="maximumLength"/>.</summary>
    public byte[] GetBytes(string field, int maximumLength)
    {
        byte[] value = GetBytes(field);
        if (value.Length > maximumLength)
        {
            throw new StateFormatException($"section {Name}: field {field} holds {value.Length} bytes, at most {maximumLength} allowed");
        }

        return value;
    }

    private StateFormatException Missing(string field, string kind) =>
        new($"section {Name}: field {field} is missing or is not {kind}");
}
