namespace Emu.Monitor.Qmp;

/// <summary>A QAPI feature (<c>deprecated</c>, <c>unstable</c>) of an argument member, shown by query-qmp-schema.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true)]
public sealed class QmpFeatureAttribute : Attribute
{
    public QmpFeatureAttribute(string name)
    {
        Name = name;
    }

    public string Name { get; }
}
