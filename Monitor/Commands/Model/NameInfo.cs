using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

public sealed record NameInfo([property: JsonPropertyName("name")] string? Name);
