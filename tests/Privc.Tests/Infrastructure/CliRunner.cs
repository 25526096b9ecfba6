using Privc.Cli;
using Privc.Verification.Solving;

namespace Privc.Tests.Infrastructure;

/// <summary>Runs the privc CLI in-process and captures its exit code and output.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static Result Run(ISmtSolverFactory? solver = null, params string[] args) => RunWithInput(null, solver, args);

    /// <summary>Runs with <paramref name="stdin"/> as standard input.</summary>
    public static Result RunWithInput(byte[]? stdin, ISmtSolverFactory? solver, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        // Standard input is empty unless a test gives one: the test host's own must never be read. Progress lines
        // carry elapsed times, which depend on the machine's load; the tests compare stderr exactly.
        var context = new CliContext(output, error, Environment.GetEnvironmentVariable) { OpenInput = () => new MemoryStream(stdin ?? []), Progress = false };
        if (solver is not null)
        {
            context = context with { Solvers = _ => solver };
        }
        var code = CliApplication.Run(args, context);
        return new Result(code, output.ToString(), error.ToString());
    }

    public static Result Run(params string[] args) => Run(null, args);

    /// <summary>A fresh empty folder under the system temp folder.</summary>
    public static string TempFolder() => Directory.CreateTempSubdirectory("privc-test-").FullName;

    /// <summary>Every file under a folder, as relative path and bytes.</summary>
    public static SortedDictionary<string, byte[]> Snapshot(string folder) =>
        new(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes), StringComparer.Ordinal);
}
