using System.Net;
using System.Net.Sockets;

namespace KissChat.Tests.Infrastructure;

public static class LocalPorts
{
    /// <summary>A port nothing listens on right now, for a process that must be told its port up front.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
