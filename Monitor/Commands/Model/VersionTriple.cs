using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi VersionTriple, members in QEMU's emitted order.</summary>
public sealed record VersionTriple(
    [property: JsonPropertyName("micro")] long Micro,
    [property: JsonPropertyName("minor")] long Minor,
    [property: JsonPropertyName("major")] long Major);
