using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi ImageInfoSpecificQCow2, QEMU's member order.</summary>
public sealed record Qcow2SpecificData(
    [property: JsonPropertyName("compat")] string Compat,
    [property: JsonPropertyName("compression-type")] string CompressionType,
    [property: JsonPropertyName("lazy-refcounts")] bool LazyRefcounts,
    [property: JsonPropertyName("refcount-bits")] long RefcountBits,
    [property: JsonPropertyName("corrupt")] bool Corrupt,
    [property: JsonPropertyName("extended-l2")] bool ExtendedL2);
