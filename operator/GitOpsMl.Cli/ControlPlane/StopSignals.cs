using System.Runtime.InteropServices;

namespace GitOpsMl.Cli.ControlPlane;

/// <summary>
/// Ctrl-C and SIGTERM (kill, systemd, Kubernetes stopping a pod, a terminal closing) cancel
/// <see cref="Token"/> instead of ending the process: the signal is handled here rather than trusted to
/// the command-line library, so that a control plane's disposal (which stops every child) always runs.
/// Shared by `up`, `operator` and `train`.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stopping;
    private readonly PosixSignalRegistration _onInt;
    private readonly PosixSignalRegistration _onTerm;

    public StopSignals(CancellationToken ct)
    {
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    /// <summary>Cancelled by SIGINT, SIGTERM, or the token the command was given.</summary>
    public CancellationToken Token => _stopping.Token;

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _stopping.Cancel();
    }

    public void Dispose()
    {
        _onInt.Dispose();
        _onTerm.Dispose();
        _stopping.Dispose();
    }
}
