namespace Emu.Devices.Storage;

/// <summary>
/// What a guest device does when its medium fails a request: QEMU's <c>-drive werror=</c> and
/// <c>rerror=</c> (BlockdevOnError; QAPI BlockErrorAction for the action taken).
/// </summary>
public enum BlockErrorAction
{
    /// <summary>The request fails and the guest sees the error (rerror default).</summary>
    Report,

    /// <summary>The error is ignored: the request completes as if it had worked.</summary>
    Ignore,

    /// <summary>The VM stops (run state io-error); <c>cont</c> retries the request.</summary>
    Stop,

    /// <summary>Stop when the host is out of space, else report (werror default).</summary>
    Enospc,
}
