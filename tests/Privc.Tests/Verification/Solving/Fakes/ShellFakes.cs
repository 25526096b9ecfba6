namespace Privc.Tests.Verification.Solving.Fakes;

/// <summary>
/// Shell-script solvers (Boogie style) that run as real child processes through the real process session, so the
/// process code paths (start, pipes, death, kill, reaping) are exercised. Each answers <c>-version</c> like z3
/// (so the factories accept it) and echoes privc's end markers; what it does otherwise is the point of the fake.
/// The scripts are written to a fresh temporary folder per test class and removed with it.
/// </summary>
public sealed class ShellFakes : IDisposable
{
    // Reads commands line by line; for a line with (echo "M") prints the answer (from $answer) and then M.
    private const string Prologue = """
        #!/bin/sh
        if [ "$1" = "-version" ] || [ "$1" = "--version" ]; then echo "Z3 version 4.8.12 - 64 bit"; exit 0; fi
        marker() { m=${1##*\(echo \"}; m=${m%%\"*}; }

        """;

    public ShellFakes()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("privc-fakes-").FullName;
    }

    public string Directory { get; }

    /// <summary>Prints garbage instead of an answer to (check-sat), then the marker.</summary>
    public string Garbage => Write("garbage", """
        while IFS= read -r line; do
          case "$line" in
            *check-sat*) marker "$line"; echo 'Segmentation fault <<< "unterminated'; echo "$m";;
            *'(echo "'*) marker "$line"; echo "$m";;
          esac
        done
        """);

    /// <summary>Answers (check-sat) with unknown and the reason "smt tactic failed".</summary>
    public string Unknown => Write("unknown", """
        while IFS= read -r line; do
          case "$line" in
            *check-sat*) marker "$line"; echo unknown; echo "$m";;
            *reason-unknown*) marker "$line"; echo '(:reason-unknown "smt tactic failed")'; echo "$m";;
            *'(echo "'*) marker "$line"; echo "$m";;
          esac
        done
        """);

    /// <summary>Starts answering (check-sat), writes to stderr and exits with code 3.</summary>
    public string Dies => Write("dies", """
        while IFS= read -r line; do
          case "$line" in
            *check-sat*) echo '((x 1)'; echo 'boom: assertion violation' >&2; exit 3;;
            *'(echo "'*) marker "$line"; echo "$m";;
          esac
        done
        """);

    /// <summary>Takes the option preamble, then stops reading and never answers (exec sleep: one process).</summary>
    public string Hangs => Write("hangs", """
        while IFS= read -r line; do
          case "$line" in
            *set-option*'(echo "'*) marker "$line"; echo "$m";;
            *set-option*) ;;
            *) exec sleep 1000;;
          esac
        done
        """);

    /// <summary>Like <see cref="Hangs"/>, but leaves the shell running with a child sleep whose pid goes to <c>$1</c>.</summary>
    public string HangsWithChild => Write("hangs-with-child", """
        pidfile=$1
        while IFS= read -r line; do
          case "$line" in
            *set-option*'(echo "'*) marker "$line"; echo "$m";;
            *set-option*) ;;
            *) sleep 1000 & echo $! > "$pidfile"; wait; exit 0;;
          esac
        done
        """);

    /// <summary>A z3 too old for privc.</summary>
    public string OldVersion => WriteRaw("old", """
        #!/bin/sh
        echo "Z3 version 4.6.0 - 64 bit"
        """);

    /// <summary>Prints a banner with no version number.</summary>
    public string NoVersion => WriteRaw("noversion", """
        #!/bin/sh
        echo "hello, I am not a solver"
        """);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private string Write(string name, string body) => WriteRaw(name, Prologue + body);

    private string WriteRaw(string name, string text)
    {
        var path = Path.Combine(Directory, name + ".sh");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        return path;
    }
}
