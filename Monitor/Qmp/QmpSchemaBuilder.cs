using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Emu.Monitor.Qmp;

/// <summary>
/// query-qmp-schema from the command registry (spec qmp.md 8): one entry per command and event,
/// then every type they reach, in first-reference order. Type names are masked to decimal strings
/// ("0" is the empty object), arrays are "[T]", built-ins keep their names. The reply is closed:
/// every referenced name has exactly one entry.
/// </summary>
public sealed class QmpSchemaBuilder
{
    private readonly Dictionary<QmpTypeModel, string> _names = new();
    private readonly Dictionary<string, string> _builtins = new();
    private readonly List<JsonObject> _types = new();
    private int _next;

    public static List<JsonObject> Build(QmpCommandRegistry registry)
    {
        QmpSchemaBuilder builder = new();
        builder.NameOf(QmpTypeModel.For(Commands.QmpJsonContext.Default.QmpEmpty));
        List<JsonObject> entries = new();
        foreach (QmpCommand command in registry.Commands)
        {
            JsonObject entry = new()
            {
                ["name"] = command.Name,
                ["ret-type"] = builder.NameOf(QmpTypeModel.For(command.ResultType)),
                ["meta-type"] = "command",
                ["arg-type"] = builder.NameOf(QmpTypeModel.For(command.ArgumentType)),
            };
            AddFeatures(entry, command.Features);
            entries.Add(entry);
        }

        foreach (KeyValuePair<string, Func<JsonTypeInfo>> e in registry.Events)
        {
            entries.Add(new JsonObject
            {
                ["name"] = e.Key,
                ["meta-type"] = "event",
                ["arg-type"] = builder.NameOf(QmpTypeModel.For(e.Value())),
            });
        }

        entries.AddRange(builder._types);
        return entries;
    }

    private static void AddFeatures(JsonObject entry, IReadOnlyList<string> features)
    {
        if (features.Count > 0)
        {
            entry["features"] = new JsonArray(features.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray());
        }
    }

    private string Builtin(string name, string jsonType)
    {
        if (!_builtins.ContainsKey(name))
        {
            _builtins[name] = jsonType;
            _types.Add(new JsonObject { ["name"] = name, ["json-type"] = jsonType, ["meta-type"] = "builtin" });
        }

        return name;
    }

    private string NameOf(QmpTypeModel type)
    {
        switch (type.Kind)
        {
            case QmpTypeKind.String:
                return Builtin("str", "string");
            case QmpTypeKind.Integer:
                return Builtin("int", "int");
            case QmpTypeKind.Number:
                return Builtin("number", "number");
            case QmpTypeKind.Boolean:
                return Builtin("bool", "boolean");
            case QmpTypeKind.Any:
            case QmpTypeKind.AnyObject:
                return Builtin("any", "value");
        }

        if (_names.TryGetValue(type, out string? known))
        {
            return known;
        }

        if (type.Kind == QmpTypeKind.Array)
        {
            JsonObject arrayEntry = new();
            _types.Add(arrayEntry);
            string element = NameOf(type.Element!);
            string arrayName = "[" + element + "]";
            _names[type] = arrayName;
            arrayEntry["name"] = arrayName;
            arrayEntry["element-type"] = element;
            arrayEntry["meta-type"] = "array";
            return arrayName;
        }

        string name = (_next++).ToString(CultureInfo.InvariantCulture);
        _names[type] = name;
        JsonObject entry = new() { ["name"] = name };
        _types.Add(entry);
        if (type.Kind == QmpTypeKind.Enum)
        {
            AddEnum(entry, type.EnumValues);
            return name;
        }

        JsonArray members = new();
        if (type.Tag is { } tag)
        {
            JsonObject tagEnum = new() { ["name"] = (_next++).ToString(CultureInfo.InvariantCulture) };
            _types.Add(tagEnum);
            AddEnum(tagEnum, type.Variants.Select(v => v.Key).ToList());
            members.Add(new JsonObject { ["name"] = tag, ["type"] = tagEnum["name"]!.GetValue<string>() });
            entry["tag"] = tag;
            JsonArray variants = new();
            foreach (KeyValuePair<string, QmpTypeModel> variant in type.Variants)
            {
                variants.Add(new JsonObject { ["case"] = variant.Key, ["type"] = NameOf(variant.Value) });
            }

            entry["variants"] = variants;
        }

        foreach (QmpMemberModel member in type.Members)
        {
            JsonObject m = new() { ["name"] = member.Name };
            if (member.Optional)
            {
                m["default"] = null;
            }

            m["type"] = NameOf(member.Type);
            AddFeatures(m, member.Features);
            members.Add(m);
        }

        entry["members"] = members;
        entry["meta-type"] = "object";
        return name;
    }

    private static void AddEnum(JsonObject entry, IReadOnlyList<string> values)
    {
        entry["members"] = new JsonArray(values.Select(v => (JsonNode)new JsonObject { ["name"] = v }).ToArray());
        entry["meta-type"] = "enum";
        entry["values"] = new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
    }
}
