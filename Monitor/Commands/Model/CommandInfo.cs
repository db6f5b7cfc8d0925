using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

public sealed record CommandInfo([property: JsonPropertyName("name")] string Name);
