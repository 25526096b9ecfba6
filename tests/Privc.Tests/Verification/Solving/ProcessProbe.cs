namespace Privc.Tests.Verification.Solving;

/// <summary>Looks processes up in /proc (Linux), to check that privc leaves no solver running and no zombie.</summary>
public static class ProcessProbe
{
    /// <summary>True when the process exists in any state, zombies included.</summary>
    public static bool Exists(int pid) => State(pid) is not null;

    /// <summary>True when the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid) => State(pid) is { } state && state != 'Z' && state != 'X';

    /// <summary>
    /// Waits a little for a process that was sent SIGKILL to die: the signal is delivered asynchronously, and only
    /// privc's own child is reaped synchronously (grandchildren are reaped by init).
    /// </summary>
    public static bool DiesSoon(int pid)
    {
        var deadline = Environment.TickCount64 + 3000;
        while (IsAlive(pid))
        {
            if (Environment.TickCount64 > deadline)
            {
                return false;
            }
            Thread.Sleep(20);
        }
        return true;
    }

    private static char? State(int pid)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) S ..."; comm may contain spaces and parentheses, so find the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close >= 0 && close + 2 < stat.Length ? stat[close + 2] : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
