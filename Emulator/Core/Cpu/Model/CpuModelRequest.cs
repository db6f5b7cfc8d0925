using System.Globalization;

namespace Emu.Core.Cpu.Model;

/// <summary>
/// <c>-cpu MODEL[,+feat][,-feat][,feat=on|off][,prop=value]</c> as QEMU 7.2 reads it
/// (target/i386/cpu.c <c>x86_cpu_parse_featurestr</c>): <c>feat=on|off</c> and properties apply
/// in order, then every <c>+feat</c>, then every <c>-feat</c> (so <c>-feat</c> wins). A feature asked
/// for that Emu does not implement stays off with QEMU's warning; an unknown model or property gets
/// QEMU's error.
/// </summary>
public static class CpuModelRequest
{
    /// <summary>Resolves the text after <c>-cpu</c>; <paramref name="warn"/> gets each warning line.</summary>
    /// <exception cref="ArgumentException">QEMU's error text for an unknown model, feature or property, or a bad value.</exception>
    public static CpuModel Resolve(string text, Action<string>? warn)
    {
        string[] parts = text.Split(',');
        string name = parts[0];
        CpuModel model = CpuModels.Find(name) ?? throw new ArgumentException($"unable to find CPU model '{name}'");
        CpuFeatures features = CpuModels.FindQemu(name)!.Features;
        CpuFeatures requested = default;
        List<(CpuidWord Word, int Bit)> plus = [];
        List<(CpuidWord Word, int Bit)> minus = [];
        string property = $"{model.Name}-i386-cpu";
        foreach (string part in parts.AsSpan(1))
        {
            if (part.Length == 0)
            {
                continue;
            }

            if (part[0] is '+' or '-')
            {
                (part[0] == '+' ? plus : minus).Add(Feature(part[1..], property));
                continue;
            }

            int eq = part.IndexOf('=');
            string key = eq < 0 ? part : part[..eq];
            string value = eq < 0 ? "on" : part[(eq + 1)..];
            if (CpuFeatureNames.TryFind(key, out CpuidWord word, out int bit))
            {
                bool on = Bool($"can't apply global {property}.{part}: ", key, value);
                features = features.With(word, bit, on);
                requested = requested.With(word, bit, on);
                continue;
            }

            model = Property(model, property, $"can't apply global {property}.{part}: ", key, value);
        }

        foreach ((CpuidWord word, int bit) in plus)
        {
            features = features.With(word, bit, true);
            requested = requested.With(word, bit, true);
        }

        foreach ((CpuidWord word, int bit) in minus)
        {
            features = features.With(word, bit, false);
            requested = requested.With(word, bit, false);
        }

        CpuFeatures lacking = requested & ~CpuModels.Implemented;
        foreach (CpuidWord word in Enum.GetValues<CpuidWord>())
        {
            for (int bit = 0; bit < 32; bit++)
            {
                if (lacking.Has(word, bit))
                {
                    // QEMU's text for a feature its accelerator lacks (target/i386/cpu.c mark_unavailable_features).
                    warn?.Invoke($"warning: TCG doesn't support requested feature: {CpuFeatureNames.RegisterText(word)}." +
                        $"{CpuFeatureNames.NameOf(word, bit)} [bit {bit}]");
                }
            }
        }

        return model with { Features = features & CpuModels.Implemented };
    }

    private static (CpuidWord, int) Feature(string name, string property) =>
        CpuFeatureNames.TryFind(name, out CpuidWord word, out int bit)
            ? (word, bit)
            : throw new ArgumentException($"Property '{property}.{name}' not found");

    /// <summary>QEMU's boolean property values (qapi/qobject-input-visitor.c, qapi_bool_parse).</summary>
    private static bool Bool(string context, string key, string value) => value switch
    {
        "on" or "yes" or "true" or "y" => true,
        "off" or "no" or "false" or "n" => false,
        _ => throw new ArgumentException($"{context}Parameter '{key}' expects 'on' or 'off'"),
    };

    /// <summary>The scalar properties of QEMU's x86 CPU that Emu honours; QEMU's texts for bad values (observed).</summary>
    private static CpuModel Property(CpuModel model, string property, string context, string key, string value)
    {
        switch (key)
        {
            case "model-id":
                return model with { ModelId = value.Length > 48 ? value[..48] : value };
            case "family":
                return model with { Family = (int)Number(context, key, value, "int64", 0xFF + 0x0F) };
            case "model":
                return model with { ModelNumber = (int)Number(context, key, value, "int64", 0xFF) };
            case "stepping":
                return model with { Stepping = (int)Number(context, key, value, "int64", 0xF) };
            case "level":
                return model with { Level = Number(context, key, value, "uint32_t", uint.MaxValue) };
            case "xlevel":
                return model with { XLevel = Number(context, key, value, "uint32_t", uint.MaxValue) };
            case "vendor":
                return value.Length == 12 && value.All(char.IsAscii)
                    ? model with { Vendor = value }
                    : throw new ArgumentException($"{context}Property '.vendor' doesn't take value '{value}'");
            default:
                throw new ArgumentException($"{context}Property '{property}.{key}' not found");
        }
    }

    /// <summary>A number in QEMU's property syntax (decimal or 0x hex) up to <paramref name="max"/>.</summary>
    private static uint Number(string context, string key, string value, string type, uint max)
    {
        bool hex = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        bool ok = hex
            ? ulong.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong v)
            : ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out v);
        if (!ok)
        {
            throw new ArgumentException($"{context}Parameter '{key}' expects {type}");
        }

        return v <= max
            ? (uint)v
            : throw new ArgumentException($"{context}Property .{key} doesn't take value {v} (minimum: 0, maximum: {max})");
    }
}
