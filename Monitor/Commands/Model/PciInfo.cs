using System.Text.Json.Serialization;

namespace Emu.Monitor.Commands.Model;

/// <summary>qapi PciInfo (one query-pci entry: a bus and its devices), members in QEMU 7.2's emitted order.</summary>
public sealed record PciInfo(
    [property: JsonPropertyName("bus")] int Bus,
    [property: JsonPropertyName("devices")] List<PciDeviceInfo> Devices);

/// <summary>qapi PciDeviceInfo; <c>irq</c> only for a function with an interrupt pin.</summary>
public sealed record PciDeviceInfo(
    [property: JsonPropertyName("irq_pin")] int IrqPin,
    [property: JsonPropertyName("bus")] int Bus,
    [property: JsonPropertyName("qdev_id")] string QdevId,
    [property: JsonPropertyName("irq")] int? Irq,
    [property: JsonPropertyName("slot")] int Slot,
    [property: JsonPropertyName("class_info")] PciDeviceClass ClassInfo,
    [property: JsonPropertyName("id")] PciDeviceId Id,
    [property: JsonPropertyName("function")] int Function,
    [property: JsonPropertyName("regions")] List<PciMemoryRegion> Regions);

/// <summary>qapi PciDeviceClass; <c>desc</c> only for the classes QEMU names.</summary>
public sealed record PciDeviceClass(
    [property: JsonPropertyName("class")] int Class,
    [property: JsonPropertyName("desc")] string? Desc);

/// <summary>qapi PciDeviceId; the subsystem ids come from a type 0 header.</summary>
public sealed record PciDeviceId(
    [property: JsonPropertyName("device")] int Device,
    [property: JsonPropertyName("subsystem-vendor")] int? SubsystemVendor,
    [property: JsonPropertyName("vendor")] int Vendor,
    [property: JsonPropertyName("subsystem")] int? Subsystem);

/// <summary>qapi PciMemoryRegion; <c>address</c> is -1 while the BAR is not mapped; prefetch and mem_type_64 only for memory.</summary>
public sealed record PciMemoryRegion(
    [property: JsonPropertyName("prefetch")] bool? Prefetch,
    [property: JsonPropertyName("mem_type_64")] bool? MemType64,
    [property: JsonPropertyName("bar")] int Bar,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("address")] long Address,
    [property: JsonPropertyName("type")] string Type);
