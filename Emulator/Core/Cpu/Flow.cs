namespace Emu.Core.Cpu;

/// <summary>
/// What a handler tells the block executor (the handler contract): only the executor advances EIP past
/// an instruction and counts it; a handler sets EIP itself only when it transfers control.
/// </summary>
internal enum Flow : byte
{
    /// <summary>Done; the block goes on with the next instruction.</summary>
    Next,

    /// <summary>The handler set EIP (a jump, call, return, interrupt, or a REP op resuming at itself): the block ends.</summary>
    Branch,

    /// <summary>An exception is recorded (<c>Fault</c>/<c>FaultCode</c>): the executor delivers it with this instruction's address.</summary>
    Fault,

    /// <summary>Done, but the block ends here (a branch not taken, HLT): the executor moves EIP to the next instruction.</summary>
    Stop,
}
