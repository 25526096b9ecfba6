using Privc.Verification.Solving;

namespace Privc.Tests.Verification.Solving.Fakes;

/// <summary>
/// An in-process stand-in for a solver process: it reads the SMT-LIB text the session writes, answers the end
/// markers like z3's <c>echo</c>, and asks its fake solver for everything else. Records every command.
/// </summary>
internal sealed class FakeChannel(Func<SList, FakeReply> solver, List<string> requests) : ISolverChannel
{
    private readonly Queue<string> output = new();
    private bool dead;
    private bool hung;

    public int? ProcessId => null;

    public bool Disposed { get; private set; }

    public ChannelStatus Write(string text, TimeSpan limit)
    {
        if (dead)
        {
            return ChannelStatus.Closed;
        }
        if (hung)
        {
            return ChannelStatus.TimedOut;
        }
        var commands = SExprReader.TryReadAll(text, out var error)
            ?? throw new InvalidOperationException($"the session wrote malformed SMT-LIB ({error}): {text}");
        foreach (var command in commands)
        {
            if (command is SList { Items: [SAtom { Value: "echo" }, SAtom { Kind: SAtomKind.String } marker] })
            {
                output.Enqueue(marker.Value);
                continue;
            }
            var list = command as SList ?? throw new InvalidOperationException($"the session wrote a bare atom: {command}");
            lock (requests)
            {
                requests.Add(list.ToCanonical());
            }
            var reply = solver(list);
            foreach (var line in reply.Lines)
            {
                output.Enqueue(line);
            }
            if (reply.Dies)
            {
                dead = true;
                break;
            }
            if (reply.Hangs)
            {
                hung = true;
                break;
            }
        }
        return ChannelStatus.Ok;
    }

    public ChannelStatus ReadLine(TimeSpan limit, out string? line)
    {
        if (output.TryDequeue(out line))
        {
            return ChannelStatus.Ok;
        }
        return dead ? ChannelStatus.Closed : ChannelStatus.TimedOut;
    }

    public void Kill() => dead = true;

    public string DescribeEnd() => "exited with code 134; stderr: fake solver: assertion failed";

    public void Dispose()
    {
        dead = true;
        Disposed = true;
    }
}
