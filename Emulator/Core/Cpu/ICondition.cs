namespace Emu.Core.Cpu;

/// <summary>A Jcc/SETcc/CMOVcc condition as a type parameter.</summary>
internal interface ICondition
{
    static abstract bool Test(Cpu cpu);
}
