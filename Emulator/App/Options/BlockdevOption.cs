using System.Text.Json;
using System.Text.Json.Nodes;
using Emu.Monitor.Commands;

namespace Emu.App.Options;

/// <summary>
/// QEMU's <c>-blockdev</c> in its JSON form, as libvirt writes it: a protocol node
/// (<c>{"driver":"file","filename":...,"node-name":...}</c>) and a format node on top of it
/// (<c>{"driver":"qcow2"|"raw","file":NODE-NAME or a nested node,...}</c>). Emu's block layer
/// opens a format over a file in one step, so each node graph becomes one <c>-drive if=none</c>
/// named after its top node, which <c>-device ide-hd,drive=NODE</c> then binds. Errors carry
/// QEMU 7.2's texts (block.c, blockdev.c).
/// </summary>
public static class BlockdevOption
{
    /// <summary>One node as given: its driver, name and the JSON members Emu reads.</summary>
    public sealed record Node(string Source, string Driver, string NodeName, JsonObject Options);

    /// <summary>Parses one <c>-blockdev</c> value and adds its nodes (nested ones first) to <paramref name="nodes"/>.</summary>
    public static void Parse(string source, string value, List<Node> nodes)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(value) as JsonObject ?? throw new OptionException($"{source}: Emu accepts -blockdev in JSON form only");
        }
        catch (JsonException)
        {
            throw new OptionException($"{source}: Emu accepts -blockdev in JSON form only");
        }

        Add(source, root, nodes, isRoot: true);
    }

    private static string Add(string source, JsonObject json, List<Node> nodes, bool isRoot)
    {
        string driver = Text(json, "driver") ?? throw new OptionException($"{source}: Parameter 'driver' is missing");
        if (!BlockdevCommands.QemuDrivers.Contains(driver))
        {
            throw new OptionException($"{source}: Parameter 'driver' does not accept value '{driver}'");
        }

        if (driver is not ("file" or "raw" or "qcow2"))
        {
            throw new OptionException($"{source}: block driver '{driver}' is not supported by Emu (file, raw and qcow2 are)");
        }

        string? name = Text(json, "node-name");
        if (name is null && isRoot)
        {
            throw new OptionException($"{source}: 'node-name' must be specified for the root node");
        }

        // A nested child without a name gets QEMU's automatic kind of name (#blockN), never chosen by a user.
        name ??= $"#block{nodes.Count}";
        if (nodes.Any(n => n.NodeName == name))
        {
            throw new OptionException($"{source}: Duplicate nodes with node-name='{name}'");
        }

        if (json["file"] is JsonObject child)
        {
            json["file"] = Add(source, child, nodes, isRoot: false);
        }

        if (driver == "file" && Text(json, "filename") is null)
        {
            throw new OptionException($"{source}: Parameter 'filename' is missing");
        }

        if (driver != "file" && Text(json, "file") is null)
        {
            throw new OptionException($"{source}: Parameter 'file' is missing");
        }

        if (json["backing"] is JsonNode backing && backing.GetValueKind() != JsonValueKind.Null)
        {
            throw new OptionException($"{source}: Emu opens no backing files (backing must be null)");
        }

        nodes.Add(new Node(source, driver, name, json));
        return name;
    }

    /// <summary>
    /// Turns the node graphs into drives: each node no other node uses as its file becomes an
    /// <c>if=none</c> drive over the file it stands on. A reference to a missing node is refused
    /// as QEMU refuses it, and a node used twice as QEMU refuses a second writer.
    /// </summary>
    public static void Resolve(List<Node> nodes, List<DriveOption> drives)
    {
        HashSet<string> used = [];
        foreach (Node node in nodes)
        {
            if (Text(node.Options, "file") is { } file && node.Driver != "file")
            {
                if (!nodes.Any(n => n.NodeName == file))
                {
                    throw new OptionException($"{node.Source}: Cannot find device='{file}' nor node-name='{file}'");
                }

                if (!used.Add(file))
                {
                    throw new OptionException($"{node.Source}: Conflicts with use by {file} as 'file', which does not allow 'write' on {file}");
                }
            }
        }

        foreach (Node top in nodes.Where(n => !used.Contains(n.NodeName)))
        {
            Node protocol = top;
            while (protocol.Driver != "file")
            {
                string below = Text(protocol.Options, "file")!;
                protocol = nodes.First(n => n.NodeName == below);
            }

            bool readOnly = Flag(top.Options, "read-only") || Flag(protocol.Options, "read-only");
            drives.Add(new DriveOption
            {
                Source = top.Source,
                File = Text(protocol.Options, "filename"),
                Format = top.Driver == "file" ? "raw" : top.Driver,
                Interface = "none",
                Id = top.NodeName,
                NodeName = top.NodeName,
                ReadOnly = readOnly,
                Discard = Text(protocol.Options, "discard"),
            });
        }
    }

    /// <summary>Each format node's file node and its file name, for the monitor's block graph.</summary>
    public static List<(string Format, string File, string FileName)> FileNodes(List<Node> nodes) =>
        [.. nodes.Where(n => n.Driver != "file" && Text(n.Options, "file") is not null)
            .Select(n => (n.NodeName, Text(n.Options, "file")!, nodes.FirstOrDefault(f => f.NodeName == Text(n.Options, "file"))?.Options is { } f ? Text(f, "filename") ?? string.Empty : string.Empty))];

    private static string? Text(JsonObject json, string key) =>
        json[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static bool Flag(JsonObject json, string key) =>
        json[key] is JsonValue v && v.GetValueKind() == JsonValueKind.True;
}
