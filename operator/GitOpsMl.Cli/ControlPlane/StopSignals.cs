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
    private readonly CancellationTokenSource stopping;
    private readonly PosixSignalRegistration onInt;
    private readonly PosixSignalRegistration onTerm;

    public StopSignals(CancellationToken ct)
    {
        stopping = CancellationTokenSource.CreateLinkedTokenSource(ct);
        onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    /// <summary>Cancelled by SIGINT, SIGTERM, or the token the command was given.</summary>
    public CancellationToken Token => stopping.Token;

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        stopping.Cancel();
    }

    public void Dispose()
    {
        onInt.Dispose();
        onTerm.Dispose();
        stopping.Dispose();
    }
}
