using System.Net;
using System.Net.Sockets;

namespace GitOpsMl.Local.Execution;

/// <summary>A loopback port nobody listens on right now (the kernel's pick). A process that then fails to bind it is restarted on another.</summary>
public static class FreePorts
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
