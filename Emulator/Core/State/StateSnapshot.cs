namespace Emu.Core.State;

/// <summary>
/// Saves and restores a set of devices as one state image. Loading parses the whole image and
/// checks that every device's section is present before any device is touched, so a truncated
/// or foreign file leaves the machine as it was; a value out of range in a later section can
/// still fail after earlier devices loaded, and the caller then resets the machine.
/// </summary>
public static class StateSnapshot
{
    public static byte[] Save(IEnumerable<IStatefulDevice> devices)
    {
        using MemoryStream stream = new();
        Save(stream, devices);
        return stream.ToArray();
    }

    public static void Save(Stream output, IEnumerable<IStatefulDevice> devices)
    {
        HashSet<string> names = new(StringComparer.Ordinal);
        StateWriter writer = new(output);
        foreach (IStatefulDevice device in devices)
        {
            if (!names.Add(device.StateName))
            {
                throw new InvalidOperationException($"two devices save under the name {device.StateName}");
            }

            device.Save(writer);
        }
    }

    /// <exception cref="StateFormatException">The image is malformed, lacks a device's section, or holds a bad value.</exception>
    public static void Load(ReadOnlySpan<byte> data, IEnumerable<IStatefulDevice> devices)
    {
        StateReader reader = StateReader.Read(data);
        List<IStatefulDevice> list = [.. devices];
        foreach (IStatefulDevice device in list)
        {
            if (!reader.TryGetSection(device.StateName, out _))
            {
                throw new StateFormatException($"section {device.StateName} is missing");
            }
        }

        foreach (IStatefulDevice device in list)
        {
            device.Load(reader);
        }
    }
}
