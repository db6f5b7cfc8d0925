namespace Emu.Core.State;

/// <summary>
/// A device whose guest-visible state can be saved and restored. A device writes one or more
/// named sections (its <see cref="StateName"/>, plus optional sub-sections written only when
/// needed, as QEMU's vmstate subsections) and reads them back, rejecting values out of range.
/// Times are saved relative to the virtual clock at save time, so a state loads onto any clock.
/// </summary>
public interface IStatefulDevice
{
    /// <summary>The section name, unique in a machine (for example <c>pic</c>, <c>serial0</c>).</summary>
    string StateName { get; }

    void Save(StateWriter writer);

    /// <exception cref="StateFormatException">The section is missing, of a newer version, or holds a bad value.</exception>
    void Load(StateReader reader);
}
