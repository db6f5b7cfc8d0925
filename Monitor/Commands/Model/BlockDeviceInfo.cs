using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi BlockDeviceInfo (query-block <c>inserted</c>), members in QEMU 7.2's emitted order.</summary>
public sealed record BlockDeviceInfo(
    [property: JsonPropertyName("iops_rd")] long IopsRd,
    [property: JsonPropertyName("detect_zeroes")] string DetectZeroes,
    [property: JsonPropertyName("image")] ImageInfo Image,
    [property: JsonPropertyName("iops_wr")] long IopsWr,
    [property: JsonPropertyName("ro")] bool ReadOnly,
    [property: JsonPropertyName("node-name")] string NodeName,
    [property: JsonPropertyName("backing_file_depth")] long BackingFileDepth,
    [property: JsonPropertyName("drv")] string Driver,
    [property: JsonPropertyName("iops")] long Iops,
    [property: JsonPropertyName("bps_wr")] long BpsWr,
    [property: JsonPropertyName("write_threshold")] long WriteThreshold,
    [property: JsonPropertyName("encrypted")] bool Encrypted,
    [property: JsonPropertyName("bps")] long Bps,
    [property: JsonPropertyName("bps_rd")] long BpsRd,
    [property: JsonPropertyName("cache")] BlockCacheInfo Cache,
    [property: JsonPropertyName("file")] string File);
