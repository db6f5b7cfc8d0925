using System.Text.Json;
using System.Text.Json.Serialization;

namespace Emu.Regress.Manifest;

/// <summary>
/// A regression manifest as written (schema: corpus/regress-manifest.schema.json). Unknown fields
/// and wrong types are refused by the source-generated reader; <see cref="ManifestValidator"/>
/// checks the rest (regexes, sha256 values, references, images).
/// </summary>
public sealed class ManifestDocument
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    /// <summary>Image builders by name: a script run as <c>bash SCRIPT DIR</c> when an image it makes is missing.</summary>
    [JsonPropertyName("recipes")]
    public Dictionary<string, RecipeSpec> Recipes { get; set; } = [];

    [JsonPropertyName("images")]
    public Dictionary<string, ImageSpec> Images { get; set; } = [];

    [JsonPropertyName("cases")]
    public required List<CaseSpec> Cases { get; init; }
}

public sealed class RecipeSpec
{
    /// <summary>The script, relative to the manifest's folder. Its sha256 keys the cache folder.</summary>
    [JsonPropertyName("script")]
    public required string Script { get; init; }
}

public sealed class ImageSpec
{
    /// <summary>A file relative to the manifest's folder (without <see cref="Recipe"/>).</summary>
    [JsonPropertyName("path")]
    public string? Path { get; init; }

    /// <summary>The recipe that makes the image; then <see cref="File"/> names it inside the recipe's cache folder.</summary>
    [JsonPropertyName("recipe")]
    public string? Recipe { get; init; }

    [JsonPropertyName("file")]
    public string? File { get; init; }

    /// <summary>The image's sha256, for reproducible images only.</summary>
    [JsonPropertyName("sha256")]
    public string? Sha256 { get; init; }
}

public sealed class CaseSpec
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("tags")]
    public List<string> Tags { get; set; } = [];

    /// <summary>emu options as a user types them; <c>${image}</c> stands for the case's copy of an image.</summary>
    [JsonPropertyName("options")]
    public required List<string> Options { get; init; }

    [JsonPropertyName("expect")]
    public List<ExpectSpec> Expect { get; set; } = [];

    /// <summary>Regexes that fail the case as soon as a COM1 or debug console line matches.</summary>
    [JsonPropertyName("forbid")]
    public List<string> Forbid { get; set; } = [];

    /// <summary>"marker" (default: done at the last expectation), "exit" (emu ends by itself) or "power-off".</summary>
    [JsonPropertyName("end")]
    public string End { get; set; } = "marker";

    /// <summary>With end "exit": the exit status emu must end with.</summary>
    [JsonPropertyName("exitCode")]
    public int ExitCode { get; init; }

    /// <summary>Wall-clock guard for the whole case, in seconds.</summary>
    [JsonPropertyName("timeout")]
    public double Timeout { get; set; } = 600;

    [JsonPropertyName("golden")]
    public GoldenSpec? Golden { get; init; }
}

public sealed class ExpectSpec
{
    /// <summary>A regex on COM1 lines.</summary>
    [JsonPropertyName("serial")]
    public string? Serial { get; init; }

    /// <summary>A regex on debug console (port 0xE9) lines.</summary>
    [JsonPropertyName("debugcon")]
    public string? DebugCon { get; init; }

    /// <summary>A regex on the screen text (rows joined by newlines).</summary>
    [JsonPropertyName("screen")]
    public string? Screen { get; init; }

    /// <summary>Deadline: the guest instruction count at the line's newline must not exceed this.</summary>
    [JsonPropertyName("instructions")]
    public long? Instructions { get; init; }

    /// <summary>Deadline in wall-clock seconds from the case's start.</summary>
    [JsonPropertyName("seconds")]
    public double? Seconds { get; init; }

    /// <summary>
    /// Emu stops the VM at this line's newline (--stop-at-line); the QMP steps run while it stands
    /// still and the runner then continues it, so they land at the same guest instruction in every
    /// run. Serial and debugcon expectations only.
    /// </summary>
    [JsonPropertyName("stop")]
    public bool Stop { get; init; }

    /// <summary>QMP commands to run, in order, once the marker appeared.</summary>
    [JsonPropertyName("qmp")]
    public List<QmpStepSpec> Qmp { get; set; } = [];
}

public sealed class QmpStepSpec
{
    [JsonPropertyName("execute")]
    public required string Execute { get; init; }

    [JsonPropertyName("arguments")]
    public JsonElement? Arguments { get; init; }

    /// <summary>The "return" value expected; an object matches when its members match (extra members allowed).</summary>
    [JsonPropertyName("reply")]
    public JsonElement? Reply { get; init; }

    /// <summary>The error class expected instead of a return (e.g. "GenericError").</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>With <see cref="Error"/>: the error's exact "desc" text.</summary>
    [JsonPropertyName("errorDesc")]
    public string? ErrorDesc { get; init; }

    /// <summary>An event that must arrive after the reply (within <see cref="EventSeconds"/>).</summary>
    [JsonPropertyName("event")]
    public string? Event { get; init; }

    /// <summary>Members the event's data must have.</summary>
    [JsonPropertyName("eventData")]
    public JsonElement? EventData { get; init; }

    [JsonPropertyName("eventSeconds")]
    public double EventSeconds { get; set; } = 30;
}

public sealed class GoldenSpec
{
    /// <summary>A file holding the COM1 lines up to the case's deterministic end, compared exactly.</summary>
    [JsonPropertyName("serial")]
    public string? Serial { get; init; }

    /// <summary>A PNG the final screendump must equal byte for byte.</summary>
    [JsonPropertyName("screen")]
    public string? Screen { get; init; }
}
