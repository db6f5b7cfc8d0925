using System.Text.Json;
using System.Text.Json.Nodes;

namespace Emu.Monitor.Qmp;

/// <summary>
/// Checks a command's arguments the way QEMU's QAPI input visitor does (spec qmp.md 3.5): members
/// in schema order (missing, wrong type, bad enum value), then leftovers as unexpected. Paths
/// follow QEMU's inconsistent naming: full paths for type and missing errors, the last member
/// name for enum errors, <c>'null'</c> for an enum inside a list.
/// </summary>
public static class QmpArgumentValidator
{
    /// <summary>
    /// A command whose arguments are declared as a bare <see cref="JsonObject"/> takes any members and
    /// checks them itself, as QEMU's <c>'gen': false</c> commands (device_add) do.
    /// </summary>
    public static QmpError? Validate(JsonObject arguments, QmpTypeModel type) =>
        type.Kind == QmpTypeKind.AnyObject ? null : ValidateObject(arguments, type, string.Empty);

    private static QmpError Missing(string path) => QmpError.Generic($"Parameter '{path}' is missing");

    private static QmpError WrongType(string path, string expected) =>
        QmpError.Generic($"Invalid parameter type for '{path}', expected: {expected}");

    private static QmpError? ValidateObject(JsonObject obj, QmpTypeModel type, string prefix)
    {
        HashSet<string> known = new(StringComparer.Ordinal);
        List<QmpMemberModel> members = new(type.Members);
        if (type.Tag is { } tag)
        {
            known.Add(tag);
            string path = prefix + tag;
            if (!obj.TryGetPropertyValue(tag, out JsonNode? tagNode))
            {
                return Missing(path);
            }

            if (!IsString(tagNode, out string? tagValue))
            {
                return WrongType(path, "string");
            }

            QmpTypeModel? variant = null;
            foreach (KeyValuePair<string, QmpTypeModel> candidate in type.Variants)
            {
                if (candidate.Key == tagValue)
                {
                    variant = candidate.Value;
                }
            }

            if (variant is null)
            {
                return QmpError.Generic($"Parameter '{tag}' does not accept value '{tagValue}'");
            }

            members.AddRange(variant.Members);
        }

        foreach (QmpMemberModel member in members)
        {
            known.Add(member.Name);
            string path = prefix + member.Name;
            if (!obj.TryGetPropertyValue(member.Name, out JsonNode? value))
            {
                if (!member.Optional)
                {
                    return Missing(path);
                }

                continue;
            }

            QmpError? error = ValidateValue(value, member.Type, path, member.Name);
            if (error is not null)
            {
                return error;
            }
        }

        foreach (KeyValuePair<string, JsonNode?> pair in obj)
        {
            if (!known.Contains(pair.Key))
            {
                return QmpError.Generic($"Parameter '{prefix}{pair.Key}' is unexpected");
            }
        }

        return null;
    }

    private static QmpError? ValidateValue(JsonNode? value, QmpTypeModel type, string path, string? name)
    {
        switch (type.Kind)
        {
            case QmpTypeKind.String:
                return IsString(value, out _) ? null : WrongType(path, "string");
            case QmpTypeKind.Boolean:
                return value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? null : WrongType(path, "boolean");
            case QmpTypeKind.Integer:
                return IsInteger(value, type.Type) ? null : WrongType(path, "integer");
            case QmpTypeKind.Number:
                return value is JsonValue n && n.GetValueKind() == JsonValueKind.Number ? null : WrongType(path, "number");
            case QmpTypeKind.Any:
                return null;
            case QmpTypeKind.AnyObject:
                return value is JsonObject ? null : WrongType(path, "object");
            case QmpTypeKind.Enum:
                if (!IsString(value, out string? text))
                {
                    return WrongType(path, "string");
                }

                foreach (string allowed in type.EnumValues)
                {
                    if (allowed == text)
                    {
                        return null;
                    }
                }

                return QmpError.Generic($"Parameter '{name ?? "null"}' does not accept value '{text}'");
            case QmpTypeKind.Array:
                if (value is not JsonArray array)
                {
                    return WrongType(path, "array");
                }

                for (int i = 0; i < array.Count; i++)
                {
                    QmpError? error = ValidateValue(array[i], type.Element!, $"{path}[{i}]", null);
                    if (error is not null)
                    {
                        return error;
                    }
                }

                return null;
            default:
                return value is JsonObject inner ? ValidateObject(inner, type, path + ".") : WrongType(path, "object");
        }
    }

    private static bool IsString(JsonNode? value, out string? text)
    {
        text = null;
        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            text = v.GetValue<string>();
            return true;
        }

        return false;
    }

    /// <summary>QEMU qnum_get_try_int / _uint: an integer token in range, never a double.</summary>
    private static bool IsInteger(JsonNode? value, Type target)
    {
        if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        bool unsignedTarget = target == typeof(ulong) || target == typeof(uint);
        if (v.TryGetValue(out long l))
        {
            return !unsignedTarget || l >= 0;
        }

        if (v.TryGetValue(out ulong _))
        {
            return unsignedTarget;
        }

        if (v.TryGetValue(out JsonElement element))
        {
            return unsignedTarget ? element.TryGetUInt64(out _) : element.TryGetInt64(out _);
        }

        return false;
    }
}
