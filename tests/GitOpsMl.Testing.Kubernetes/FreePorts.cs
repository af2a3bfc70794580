using System.Net;
using System.Net.Sockets;

namespace GitOpsMl.Testing.Kubernetes;

/// <summary>Loopback ports the kernel reports free right now (tests run in parallel; never use fixed ports).</summary>
internal static class FreePorts
{
    public static int[] Take(int count)
    {
        // Hold all listeners until every port is chosen, so the same port is not handed out twice.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
