using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

public sealed record VersionInfo(
    [property: JsonPropertyName("qemu")] VersionTriple Qemu,
    [property: JsonPropertyName("package")] string Package);
