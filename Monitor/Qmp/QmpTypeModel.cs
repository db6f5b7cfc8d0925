using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Emu.Monitor.Qmp;

/// <summary>
/// The QAPI view of one .NET type, read once from its source-generated JSON metadata: builtin,
/// enum (wire names through the type's own string-enum converter), array, or object with members
/// in declaration order (= QAPI schema order), optionally a flat union keyed by a discriminator.
/// </summary>
public sealed class QmpTypeModel
{
    private static readonly Dictionary<Type, QmpTypeModel> Cache = new();
    private static readonly object CacheLock = new();

    private QmpTypeModel(Type type, QmpTypeKind kind)
    {
        Type = type;
        Kind = kind;
    }

    public Type Type { get; }

    public QmpTypeKind Kind { get; }

    /// <summary>Enum wire values in declaration order.</summary>
    public IReadOnlyList<string> EnumValues { get; private set; } = Array.Empty<string>();

    public QmpTypeModel? Element { get; private set; }

    public IReadOnlyList<QmpMemberModel> Members { get; private set; } = Array.Empty<QmpMemberModel>();

    /// <summary>For a union: the discriminator member name (<c>type</c>).</summary>
    public string? Tag { get; private set; }

    /// <summary>For a union: discriminator value → variant object type.</summary>
    public IReadOnlyList<KeyValuePair<string, QmpTypeModel>> Variants { get; private set; } = Array.Empty<KeyValuePair<string, QmpTypeModel>>();

    public static QmpTypeModel For(JsonTypeInfo info)
    {
        lock (CacheLock)
        {
            return Build(info.Type, info.Options);
        }
    }

    private static QmpTypeModel Build(Type type, JsonSerializerOptions options)
    {
        Type actual = Nullable.GetUnderlyingType(type) ?? type;
        if (Cache.TryGetValue(actual, out QmpTypeModel? known))
        {
            return known;
        }

        QmpTypeModel model;
        if (actual == typeof(string))
        {
            model = new QmpTypeModel(actual, QmpTypeKind.String);
        }
        else if (actual == typeof(bool))
        {
            model = new QmpTypeModel(actual, QmpTypeKind.Boolean);
        }
        else if (actual == typeof(long) || actual == typeof(int) || actual == typeof(ulong) || actual == typeof(uint))
        {
            model = new QmpTypeModel(actual, QmpTypeKind.Integer);
        }
        else if (actual == typeof(double))
        {
            model = new QmpTypeModel(actual, QmpTypeKind.Number);
        }
        else if (actual == typeof(JsonObject))
        {
            model = new QmpTypeModel(actual, QmpTypeKind.AnyObject);
        }
        else if (actual == typeof(JsonNode) || actual == typeof(JsonElement))
        {
            model = new QmpTypeModel(actual, QmpTypeKind.Any);
        }
        else if (actual.IsEnum)
        {
            model = new QmpTypeModel(actual, QmpTypeKind.Enum);
            JsonTypeInfo enumInfo = options.GetTypeInfo(actual);
            List<string> values = new();
            foreach (object value in Enum.GetValuesAsUnderlyingType(actual))
            {
                object boxed = Enum.ToObject(actual, value);
                values.Add(JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(boxed, enumInfo))!);
            }

            model.EnumValues = values;
        }
        else
        {
            JsonTypeInfo info = options.GetTypeInfo(actual);
            if (info.Kind == JsonTypeInfoKind.Enumerable)
            {
                model = new QmpTypeModel(actual, QmpTypeKind.Array);
                Cache[actual] = model;
                model.Element = Build(info.ElementType!, options);
                return model;
            }

            model = new QmpTypeModel(actual, QmpTypeKind.Object);
            Cache[actual] = model;
            FillObject(model, info, options);
            return model;
        }

        Cache[actual] = model;
        return model;
    }

    private static void FillObject(QmpTypeModel model, JsonTypeInfo info, JsonSerializerOptions options)
    {
        List<QmpMemberModel> members = new();
        foreach (JsonPropertyInfo property in info.Properties)
        {
            List<string> features = new();
            if (property.AttributeProvider is { } provider)
            {
                foreach (object attribute in provider.GetCustomAttributes(typeof(QmpFeatureAttribute), false))
                {
                    features.Add(((QmpFeatureAttribute)attribute).Name);
                }
            }

            bool optional = !property.IsRequired
                && (Nullable.GetUnderlyingType(property.PropertyType) is not null || property.IsGetNullable);
            members.Add(new QmpMemberModel(property.Name, Build(property.PropertyType, options), optional, features));
        }

        model.Members = members;
        if (info.PolymorphismOptions is { } polymorphism)
        {
            model.Tag = polymorphism.TypeDiscriminatorPropertyName;
            List<KeyValuePair<string, QmpTypeModel>> variants = new();
            foreach (JsonDerivedType derived in polymorphism.DerivedTypes)
            {
                variants.Add(new((string)derived.TypeDiscriminator!, Build(derived.DerivedType, options)));
            }

            model.Variants = variants;
        }
    }
}
