namespace Emu.Core.Cpu;

/// <summary>
/// The IL tier's cost: blocks compiled, host time spent compiling them, IL bytes emitted (the compiled
/// code held, before the .NET JIT turns it into machine code) and handler calls left indirect (through a
/// pointer, when a handler could not be named).
/// </summary>
public readonly record struct JitStatistics(long BlocksCompiled, TimeSpan CompileTime, long IlBytes, long IndirectCalls);
