namespace Privc.Verification.Solving;

/// <summary>Lines handed from a reader callback to the session; <c>null</c> marks the end of the stream.</summary>
internal sealed class LineQueue
{
    private readonly Queue<string?> lines = new();
    private bool closed;

    public void Add(string? line)
    {
        lock (lines)
        {
            if (closed)
            {
                return;
            }
            closed = line is null;
            lines.Enqueue(line);
            Monitor.PulseAll(lines);
        }
    }

    public ChannelStatus Take(TimeSpan limit, out string? line)
    {
        var deadline = Environment.TickCount64 + (long)Math.Max(0, limit.TotalMilliseconds);
        lock (lines)
        {
            while (lines.Count == 0)
            {
                var remaining = deadline - Environment.TickCount64;
                if (remaining <= 0)
                {
                    line = null;
                    return ChannelStatus.TimedOut;
                }
                Monitor.Wait(lines, TimeSpan.FromMilliseconds(remaining));
            }
            line = lines.Peek();
            if (line is null)
            {
                // Keep the end marker so later reads see the end too.
                return ChannelStatus.Closed;
            }
            lines.Dequeue();
            return ChannelStatus.Ok;
        }
    }
}
