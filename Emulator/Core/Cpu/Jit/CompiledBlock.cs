using Iced.Intel;

namespace Emu.Core.Cpu.Jit;

/// <summary>
/// A block compiled to IL (<see cref="BlockCompiler"/>): runs at most <c>count</c> of the block's instructions
/// from the first, given the block's instruction and operand arrays, and returns <see cref="BlockCompiler.Result"/>'s encoding of
/// how many ran and how the last one ended, so that the executor finishes it exactly as the interpreter does.
/// </summary>
internal delegate int CompiledBlock(Cpu cpu, ref Instruction first, ref Ops firstOps, int count);
