using System.Text.Json;

namespace Emu.Regress.Running;

/// <summary>Whether a QMP reply matches what a manifest expects: objects by their expected members, arrays element by element, scalars exactly.</summary>
public static class JsonSubset
{
    public static bool Matches(JsonElement expected, JsonElement actual)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                if (actual.ValueKind != JsonValueKind.Object)
                {
                    return false;
                }

                foreach (JsonProperty member in expected.EnumerateObject())
                {
                    if (!actual.TryGetProperty(member.Name, out JsonElement value) || !Matches(member.Value, value))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                if (actual.ValueKind != JsonValueKind.Array || actual.GetArrayLength() != expected.GetArrayLength())
                {
                    return false;
                }

                using (JsonElement.ArrayEnumerator a = actual.EnumerateArray())
                {
                    foreach (JsonElement item in expected.EnumerateArray())
                    {
                        a.MoveNext();
                        if (!Matches(item, a.Current))
                        {
                            return false;
                        }
                    }
                }

                return true;
            default:
                return JsonElement.DeepEquals(expected, actual);
        }
    }
}
