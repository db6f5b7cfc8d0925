namespace Emu.App.Options;

/// <summary>
/// <c>-machine TYPE[,prop=value...]</c>: pc (QEMU's alias of pc-i440fx-7.2, the name libvirt
/// writes) or isapc, and the machine properties libvirt passes where Emu can honour them.
/// </summary>
internal static class MachineOption
{
    /// <summary>Sets the machine kind and memory backend in <paramref name="options"/>. Throws QEMU's text for a property the machine lacks.</summary>
    public static void Parse(string source, string value, EmuOptions options)
    {
        string type = "pc";
        List<(string Key, string Value)> properties = new();
        foreach (string part in KeyValues.Split(value))
        {
            int eq = part.IndexOf('=');
            string key = eq < 0 ? "type" : part[..eq];
            string val = eq < 0 ? part : part[(eq + 1)..];
            if (key == "type")
            {
                type = val;
            }
            else
            {
                properties.Add((key, val));
            }
        }

        if (type is not ("pc" or "pc-i440fx-7.2" or "isapc" or "none"))
        {
            throw new OptionException($"{source}: unsupported machine type '{type}' (only 'pc', its name 'pc-i440fx-7.2', 'isapc' and 'none')");
        }

        options.EmptyMachine = type == "none";
        options.IsaPc = type == "isapc";
        string qomType = type switch { "isapc" => "isapc-machine", "none" => "none-machine", _ => "pc-i440fx-7.2-machine" };
        foreach ((string key, string val) in properties)
        {
            if (key == "memory-backend")
            {
                // libvirt names the guest RAM as an object (-object memory-backend-ram,id=pc.ram,size=...); checked once all options are read.
                options.MemoryBackend = val;
                continue;
            }

            CheckProperty(source, qomType, key, val);
        }
    }

    private static void CheckProperty(string source, string qomType, string key, string value)
    {
        // The none machine has only the properties every machine has (accel and the memory hints).
        switch (qomType == "none-machine" && key is "usb" or "vmport" ? string.Empty : key)
        {
            case "accel":
                // QEMU tries the accelerators in order; only TCG (Emu's interpreter) exists here.
                if (!value.Split(':').Contains("tcg"))
                {
                    throw new OptionException($"{source}: only the tcg accelerator is available");
                }

                break;
            case "dump-guest-core" or "mem-merge":
                // Host-side hints about the guest RAM mapping (madvise); nothing in the guest depends on them.
                OnOff(key, value);
                break;
            case "usb":
                if (OnOff(key, value))
                {
                    throw new OptionException($"{source}: Emu has no USB controller; only usb=off is supported");
                }

                break;
            case "vmport":
                if (value != "off")
                {
                    throw new OptionException($"{source}: Emu has no VMware I/O port; only vmport=off is supported");
                }

                break;
            default:
                // QEMU's text for a property the machine type does not have (qom/object.c).
                throw new OptionException($"Property '{qomType}.{key}' not found");
        }
    }

    /// <summary>QEMU sets machine properties through QOM, whose errors carry no option prefix.</summary>
    private static bool OnOff(string key, string value) => value switch
    {
        "on" or "yes" or "true" => true,
        "off" or "no" or "false" => false,
        _ => throw new OptionException($"Parameter '{key}' expects 'on' or 'off'"),
    };
}
