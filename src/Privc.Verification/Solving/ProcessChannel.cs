using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Privc.Verification.Solving;

/// <summary>
/// A solver process with redirected standard streams. Standard output and error are drained continuously on
/// background callbacks, so the solver never blocks on a full pipe while privc is writing; every wait is bounded.
/// </summary>
internal sealed class ProcessChannel : ISolverChannel
{
    private const int StderrTailLines = 20;
    private static readonly TimeSpan ReapLimit = TimeSpan.FromSeconds(2);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Process process;
    private readonly LineQueue stdout = new();
    private readonly Queue<string> stderrTail = new();
    private readonly ManualResetEventSlim stderrClosed = new(false);
    private readonly Stream stdin;
    private bool disposed;

    private ProcessChannel(Process process)
    {
        this.process = process;
        stdin = process.StandardInput.BaseStream;
        ProcessId = process.Id;
    }

    public int? ProcessId { get; }

    /// <summary>Starts the program; returns null and why when it cannot be started.</summary>
    public static ProcessChannel? Start(string path, IEnumerable<string> arguments, out string? problem)
    {
        var info = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            problem = $"cannot start '{path}': {e.Message}";
            return null;
        }
        var channel = new ProcessChannel(process);
        process.OutputDataReceived += (_, e) => channel.stdout.Add(e.Data);
        process.ErrorDataReceived += (_, e) => channel.OnStderr(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        problem = null;
        return channel;
    }

    public ChannelStatus Write(string text, TimeSpan limit)
    {
        var bytes = Utf8.GetBytes(text);
        Task write;
        try
        {
            write = WriteAndFlushAsync(bytes);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            return ChannelStatus.Closed;
        }
        try
        {
            // A solver that stops reading (hung, or a fake that never reads) must not block privc forever.
            return write.Wait(limit) ? ChannelStatus.Ok : ChannelStatus.TimedOut;
        }
        catch (AggregateException e) when (e.InnerException is IOException or ObjectDisposedException or InvalidOperationException)
        {
            return ChannelStatus.Closed;
        }
    }

    public ChannelStatus ReadLine(TimeSpan limit, out string? line) => stdout.Take(limit, out line);

    public void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone: nothing to kill.
        }
        Reap();
    }

    public string DescribeEnd()
    {
        Reap();
        stderrClosed.Wait(TimeSpan.FromMilliseconds(500));
        string how;
        try
        {
            how = process.HasExited ? DescribeExitCode(process.ExitCode) : "closed its output but is still running";
        }
        catch (InvalidOperationException)
        {
            how = "ended";
        }
        string tail;
        lock (stderrTail)
        {
            tail = string.Join("\n", stderrTail).Trim();
        }
        return tail.Length == 0 ? how : $"{how}; stderr: {tail}";
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        try
        {
            if (!process.HasExited)
            {
                // Ask politely first (z3 and cvc5 exit at once on (exit) or end of input), then make sure.
                if (Write("(exit)\n", TimeSpan.FromMilliseconds(200)) == ChannelStatus.Ok)
                {
                    stdin.Close();
                    process.WaitForExit(TimeSpan.FromMilliseconds(200));
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The process is already gone; Kill below is a no-op then.
        }
        Kill();
        process.Dispose();
    }

    private static string DescribeExitCode(int code) =>
        code > 128 && !OperatingSystem.IsWindows() ? $"was killed by signal {code - 128} (exit code {code})" : $"exited with code {code}";

    private async Task WriteAndFlushAsync(byte[] bytes)
    {
        await stdin.WriteAsync(bytes).ConfigureAwait(false);
        await stdin.FlushAsync().ConfigureAwait(false);
    }

    private void Reap()
    {
        try
        {
            process.WaitForExit(ReapLimit);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Never started or already reaped.
        }
    }

    private void OnStderr(string? data)
    {
        if (data is null)
        {
            stderrClosed.Set();
            return;
        }
        lock (stderrTail)
        {
            stderrTail.Enqueue(data.Length > 500 ? data[..500] + "..." : data);
            while (stderrTail.Count > StderrTailLines)
            {
                stderrTail.Dequeue();
            }
        }
    }
}
