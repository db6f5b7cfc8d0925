using System.Text.RegularExpressions;

namespace Emu.App.Options;

/// <summary>
/// The <c>-drive</c> options QEMU 7.2 scripts commonly pass beyond the basic ones:
/// <c>file.locking</c>, <c>aio</c>, <c>werror</c>, <c>rerror</c> and <c>node-name</c>, with
/// QEMU's refusal texts.
/// </summary>
public static partial class DriveExtraOptions
{
    /// <summary>Takes one option; false when <paramref name="key"/> is not one of these.</summary>
    public static bool Apply(DriveOption drive, string source, string key, string value)
    {
        switch (key)
        {
            case "file.locking" or "locking":
                drive.Locking = value is "on" or "off" or "auto" ? value : throw new OptionException($"{source}: invalid parameter value: {value}");
                return true;
            case "aio":
                drive.Aio = value is "threads" or "native" or "io_uring" ? value : throw new OptionException($"{source}: invalid aio option");
                return true;
            case "werror":
                drive.WriteError = value is "ignore" or "stop" or "report" or "enospc" ? value : throw new OptionException($"{source}: '{value}' invalid write error action");
                return true;
            case "rerror":
                drive.ReadError = value is "ignore" or "stop" or "report" ? value : throw new OptionException($"{source}: '{value}' invalid read error action");
                return true;
            case "node-name":
                drive.NodeName = value;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The checks QEMU makes once the whole -drive is read (drive_new, bdrv_assign_node_name).</summary>
    public static void Check(DriveOption drive, string source)
    {
        if (drive.Interface == "floppy" && drive.WriteError is not null)
        {
            throw new OptionException($"{source}: werror is not supported by this bus type");
        }

        if (drive.Interface == "floppy" && drive.ReadError is not null)
        {
            throw new OptionException($"{source}: rerror is not supported by this bus type");
        }

        if (drive.Aio == "native" && drive.Cache is not ("none" or "directsync"))
        {
            throw new OptionException($"{source}: aio=native was specified, but it requires cache.direct=on, which was not specified.");
        }

        if (drive.NodeName is { } name)
        {
            if (!WellFormed().IsMatch(name))
            {
                throw new OptionException($"{source}: Invalid node-name: '{name}'");
            }

            if (name.Length >= 32)
            {
                throw new OptionException($"{source}: Node name too long");
            }

            if (name == drive.Id)
            {
                throw new OptionException($"{source}: Device name '{name}' conflicts with an existing node name");
            }
        }
    }

    /// <summary>
    /// The drive's id and node-name against the drives before it, in the order QEMU meets them: the
    /// option's id (QemuOpts), the backend's name against node names (blockdev_init), then the
    /// node-name against backend names and node names (bdrv_assign_node_name).
    /// </summary>
    public static void CheckNames(IReadOnlyList<DriveOption> earlier, DriveOption drive, string source)
    {
        if (drive.Id is { } id)
        {
            if (earlier.Any(d => d.Id == id))
            {
                throw new OptionException($"{source}: Duplicate ID '{id}' for drive");
            }

            if (earlier.Any(d => d.NodeName == id))
            {
                throw new OptionException($"{source}: Device name '{id}' conflicts with an existing node name");
            }
        }

        if (drive.NodeName is { } name)
        {
            if (earlier.Any(d => d.Id == name))
            {
                throw new OptionException($"{source}: node-name={name} is conflicting with a device id");
            }

            if (earlier.Any(d => d.NodeName == name))
            {
                throw new OptionException($"{source}: Duplicate nodes with node-name='{name}'");
            }
        }
    }

    /// <summary>The -drive rerror=/werror= value as the drive's action (null = QEMU's default).</summary>
    public static Emu.Devices.Storage.BlockErrorAction? Action(string? value) => value switch
    {
        "ignore" => Emu.Devices.Storage.BlockErrorAction.Ignore,
        "stop" => Emu.Devices.Storage.BlockErrorAction.Stop,
        "report" => Emu.Devices.Storage.BlockErrorAction.Report,
        "enospc" => Emu.Devices.Storage.BlockErrorAction.Enospc,
        _ => null,
    };

    /// <summary>QEMU id_wellformed: a letter, then letters, digits, '-', '.' and '_'.</summary>
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9._-]*$")]
    private static partial Regex WellFormed();
}
