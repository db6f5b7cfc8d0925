using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>Emu's x-query-screen-text result: the text screen's rows, trailing blanks trimmed.</summary>
public sealed record ScreenTextInfo(
    [property: JsonPropertyName("rows")] IReadOnlyList<string> Rows);
