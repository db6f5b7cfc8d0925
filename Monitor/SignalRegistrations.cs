using System.Runtime.InteropServices;

namespace Emu.Monitor;

/// <summary>The signal handlers <see cref="MonitorHost.HandleTerminationSignals"/> installed.</summary>
internal sealed class SignalRegistrations : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;

    public SignalRegistrations(PosixSignalRegistration[] registrations)
    {
        _registrations = registrations;
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
