namespace Emu.Guest.Tests;

/// <summary>Tests that start emu processes run one at a time (2 cores, and each boot is CPU-bound).</summary>
[CollectionDefinition(Name)]
public sealed class ProcessCollection
{
    public const string Name = "emu processes";
}
