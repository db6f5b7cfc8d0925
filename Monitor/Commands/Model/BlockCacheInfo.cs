using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

public sealed record BlockCacheInfo(
    [property: JsonPropertyName("no-flush")] bool NoFlush,
    [property: JsonPropertyName("direct")] bool Direct,
    [property: JsonPropertyName("writeback")] bool Writeback);
