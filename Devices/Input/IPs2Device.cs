namespace Emu.Devices.Input;

/// <summary>A device on one of the i8042's PS/2 ports (keyboard or mouse), as the controller sees it.</summary>
public interface IPs2Device
{
    /// <summary>Raised when the device queued bytes for the controller.</summary>
    Action? DataAvailable { get; set; }

    bool HasData { get; }

    /// <summary>Takes the next byte the device sends (only when <see cref="HasData"/>).</summary>
    byte ReadData();

    /// <summary>A byte the host sends to the device (a command or its parameter).</summary>
    void WriteData(byte value);
}
