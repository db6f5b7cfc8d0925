using System.Text.Json;
using System.Text.RegularExpressions;

namespace Emu.Regress.Manifest;

/// <summary>Reads a manifest file: strict JSON reading, then <see cref="ManifestValidator"/>. Throws <see cref="ManifestException"/>.</summary>
public static partial class ManifestLoader
{
    public static LoadedManifest Load(string path)
    {
        string full = Path.GetFullPath(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException(path, 1, "$", $"cannot read the manifest: {e.Message}");
        }

        JsonLineLocator lines = new(bytes);
        ManifestDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, ManifestJsonContext.Default.ManifestDocument);
        }
        catch (JsonException e)
        {
            string field = e.Path ?? "$";
            int line = e.LineNumber is { } l ? (int)l + 1 : lines.LineOf(field);
            (string problem, string? member) = Explain(e.Message);
            if (member is not null)
            {
                field = field == "$" ? $"$.{member}" : $"{field}.{member}";
            }

            throw new ManifestException(path, line, field, problem);
        }

        if (document is null)
        {
            throw new ManifestException(path, 1, "$", "the manifest must be a JSON object");
        }

        LoadedManifest manifest = new(path, Path.GetDirectoryName(full)!, document, lines);
        ManifestValidator.Validate(manifest);
        return manifest;
    }

    /// <summary>System.Text.Json's message in the manifest's words, plus the member it names when the path does not.</summary>
    private static (string Problem, string? Member) Explain(string message)
    {
        Match unknown = UnknownMember().Match(message);
        if (unknown.Success)
        {
            return ("unknown field", null);
        }

        Match missing = MissingMembers().Match(message);
        if (missing.Success)
        {
            return ($"missing required field {missing.Groups[1].Value}", null);
        }

        Match type = WrongType().Match(message);
        if (type.Success)
        {
            return ($"wrong type: expected {Describe(type.Groups[1].Value)}", null);
        }

        if (message.Contains("null", StringComparison.Ordinal) && message.Contains("non-nullable", StringComparison.Ordinal))
        {
            return ("must not be null", null);
        }

        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return ($"invalid JSON: {(cut > 0 ? message[..cut] : message)}", null);
    }

    private static string Describe(string type) => type switch
    {
        "System.String" => "a string",
        "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int64]" => "an integer",
        "System.Double" or "System.Nullable`1[System.Double]" => "a number",
        var t when t.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal) => "an array",
        var t when t.StartsWith("System.Collections.Generic.Dictionary", StringComparison.Ordinal) => "an object",
        var t when t.StartsWith("Emu.Regress.Manifest.", StringComparison.Ordinal) => "an object",
        var t => t,
    };

    [GeneratedRegex("could not be mapped to any .NET member")]
    private static partial Regex UnknownMember();

    [GeneratedRegex("missing required properties,? including: (.*?)\\.?(?: Path:|$)")]
    private static partial Regex MissingMembers();

    [GeneratedRegex("could not be converted to ([^ .]+(?:\\.[^ .]+)*(?:`1\\[[^\\]]+\\])?)")]
    private static partial Regex WrongType();
}
