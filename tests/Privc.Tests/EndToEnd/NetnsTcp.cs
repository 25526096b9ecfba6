using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Privc.Tests.EndToEnd;

/// <summary>
/// Test infrastructure: one TCP exchange between two network namespaces of the Open vSwitch lab without any tool in
/// them (the machine has no nc). A Linux thread can enter another network namespace on its own (setns with
/// CLONE_NEWNET changes the calling thread only), and a socket belongs to the namespace of the thread that created
/// it; so a dedicated thread per side enters its namespace, creates its socket and does its part, and ends.
/// </summary>
internal static class NetnsTcp
{
    private const int CloneNewNet = 0x40000000;

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);

    /// <summary>Connects from the client namespace to <paramref name="address"/>:<paramref name="port"/> served in the server namespace, sends a line and returns the server's answer (or the error).</summary>
    public static string Exchange(string serverNamespace, string clientNamespace, string address, int port, string message, TimeSpan timeout)
    {
        var listening = new ManualResetEventSlim();
        string? serverError = null;
        var server = new Thread(() =>
        {
            try
            {
                Enter(serverNamespace);
                var listener = new TcpListener(IPAddress.Parse(address), port);
                listener.Start();
                listening.Set();
                var deadline = DateTime.UtcNow + timeout;
                while (!listener.Pending() && DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(20);
                }
                if (listener.Pending())
                {
                    using var accepted = listener.AcceptTcpClient();
                    accepted.ReceiveTimeout = (int)timeout.TotalMilliseconds;
                    using var stream = accepted.GetStream();
                    var buffer = new byte[256];
                    var read = stream.Read(buffer);
                    var answer = Encoding.ASCII.GetBytes("ack " + Encoding.ASCII.GetString(buffer, 0, read));
                    stream.Write(answer);
                }
                listener.Stop();
            }
            catch (Exception e) when (e is SocketException or IOException or InvalidOperationException)
            {
                serverError = e.Message;
                listening.Set();
            }
        });
        string result = "no answer";
        var client = new Thread(() =>
        {
            try
            {
                Enter(clientNamespace);
                using var socket = new TcpClient(AddressFamily.InterNetwork);
                if (!socket.ConnectAsync(IPAddress.Parse(address), port).Wait(timeout))
                {
                    result = "connect timed out";
                    return;
                }
                socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
                using var stream = socket.GetStream();
                stream.Write(Encoding.ASCII.GetBytes(message));
                var buffer = new byte[256];
                result = Encoding.ASCII.GetString(buffer, 0, stream.Read(buffer));
            }
            catch (Exception e) when (e is SocketException or IOException or AggregateException or InvalidOperationException)
            {
                result = "client error: " + e.Message;
            }
        });
        server.Start();
        listening.Wait(timeout);
        client.Start();
        client.Join();
        server.Join();
        return serverError is null ? result : $"server error: {serverError}; {result}";
    }

    private static void Enter(string networkNamespace)
    {
        using var handle = File.OpenHandle(Path.Combine("/var/run/netns", networkNamespace));
        if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
        {
            throw new InvalidOperationException($"setns into {networkNamespace} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }
}
