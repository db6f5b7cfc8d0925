using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Emu.App.Options;

/// <summary>
/// <c>-object</c>, <c>-audiodev</c> and <c>-add-fd</c> as libvirt passes them on every domain's
/// command line (qemu-options.hx). Objects Emu has: <c>secret</c> (read and kept; libvirt's master
/// key, which Emu needs only because libvirt always passes it) and <c>memory-backend-ram</c> (the
/// guest RAM, named by <c>-machine memory-backend=ID</c>). Audio: only the <c>none</c> driver,
/// since Emu has no sound device. File descriptor sets: libvirt opens files for the emulator and
/// names them <c>/dev/fdset/N</c>.
/// </summary>
public static class ObjectOptions
{
    public static void ApplyObject(EmuOptions options, string source, string value)
    {
        Dictionary<string, string> props = Properties(source, value, "qom-type");
        string type = props.GetValueOrDefault("qom-type") ?? throw new OptionException($"{source}: Parameter 'qom-type' is missing");
        string id = props.GetValueOrDefault("id") ?? throw new OptionException($"{source}: Parameter 'id' is missing");
        switch (type)
        {
            case "secret":
                if (props.GetValueOrDefault("format", "raw") is not ("raw" or "base64"))
                {
                    throw new OptionException($"{source}: Parameter 'format' does not accept value '{props["format"]}'");
                }

                if (props.TryGetValue("file", out string? file))
                {
                    try
                    {
                        options.Secrets[id] = File.ReadAllBytes(file);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        throw new OptionException($"Unable to read {file}: {e.Message}");
                    }
                }
                else if (props.TryGetValue("data", out string? data))
                {
                    options.Secrets[id] = System.Text.Encoding.UTF8.GetBytes(data);
                }
                else
                {
                    throw new OptionException($"{source}: Either 'file' or 'data' must be provided");
                }

                break;
            case "memory-backend-ram":
                string size = props.GetValueOrDefault("size") ?? throw new OptionException($"{source}: can't create backend with size 0");
                options.MemoryBackends[id] = ParseSize(source, size);
                break;
            default:
                throw new OptionException($"{source}: Parameter 'qom-type' does not accept value '{type}'");
        }
    }

    /// <summary><c>-audiodev</c>: Emu has no sound card, so a backend would never play; only driver none is taken.</summary>
    public static void ApplyAudiodev(string source, string value)
    {
        Dictionary<string, string> props = Properties(source, value, "driver");
        if (!props.ContainsKey("id"))
        {
            throw new OptionException($"{source}: Parameter 'id' is missing");
        }

        string driver = props.GetValueOrDefault("driver") ?? throw new OptionException($"{source}: Parameter 'driver' is missing");
        if (driver != "none")
        {
            throw new OptionException($"{source}: Emu has no sound device; only the audio driver 'none' is supported");
        }
    }

    /// <summary><c>-add-fd fd=N,set=S[,opaque=TEXT]</c>: descriptor N joins set S (QEMU monitor/fds.c).</summary>
    public static void ApplyAddFd(EmuOptions options, string source, string value)
    {
        Dictionary<string, string> props = Properties(source, value, "fd");
        if (!props.TryGetValue("fd", out string? fdText) || !int.TryParse(fdText, NumberStyles.None, CultureInfo.InvariantCulture, out int fd))
        {
            throw new OptionException($"{source}: fd option is required and must be non-negative");
        }

        if (fd <= 2)
        {
            throw new OptionException($"{source}: fd cannot be a standard I/O stream");
        }

        if (!props.TryGetValue("set", out string? setText) || !int.TryParse(setText, NumberStyles.None, CultureInfo.InvariantCulture, out int set))
        {
            throw new OptionException($"{source}: set option is required and must be non-negative");
        }

        if (!options.FdSets.TryGetValue(set, out List<int>? fds))
        {
            options.FdSets[set] = fds = [];
        }

        fds.Add(fd);
    }

    /// <summary>The checks once every option is read: -machine memory-backend= names a RAM backend of -m's size (QEMU hw/core/machine.c).</summary>
    public static void Check(EmuOptions options)
    {
        if (options.MemoryBackend is not { } id)
        {
            return;
        }

        if (!options.MemoryBackends.TryGetValue(id, out long size))
        {
            throw new OptionException($"Memory backend '{id}' not found");
        }

        if (size != options.RamBytes)
        {
            throw new OptionException("Machine memory size does not match the size of the memory backend");
        }
    }

    /// <summary>key=value with a leading type word (QEMU's implied key), or a JSON object.</summary>
    private static Dictionary<string, string> Properties(string source, string value, string impliedKey)
    {
        Dictionary<string, string> props = [];
        if (value.StartsWith('{'))
        {
            try
            {
                foreach ((string key, JsonNode? node) in JsonNode.Parse(value) as JsonObject ?? [])
                {
                    props[key] = node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString() ?? "null";
                }
            }
            catch (JsonException e)
            {
                throw new OptionException($"{source}: {e.Message}");
            }

            return props;
        }

        List<string> parts = KeyValues.Split(value);
        for (int i = 0; i < parts.Count; i++)
        {
            if (i == 0 && !parts[0].Contains('='))
            {
                props[impliedKey] = parts[0];
                continue;
            }

            (string key, string val) = KeyValues.ToPair(source, parts[i]);
            props[key] = val;
        }

        return props;
    }

    /// <summary>A QEMU size: bytes, or a number with a K, M, G or T suffix.</summary>
    private static long ParseSize(string source, string text)
    {
        long multiplier = 1;
        string digits = text;
        if (text.Length > 0 && char.ToUpperInvariant(text[^1]) is 'K' or 'M' or 'G' or 'T' or 'B')
        {
            multiplier = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, 'T' => 1L << 40, _ => 1 };
            digits = text[..^1];
        }

        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n <= long.MaxValue / multiplier
            ? n * multiplier
            : throw new OptionException($"{source}: Parameter 'size' expects a non-negative number below 2^64");
    }
}
