namespace Privc.Tests.Infrastructure;

/// <summary>Locates the repository (the folder holding Compiler.sln) and ../shared beside it.</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Specs => Path.Combine(RepositoryRoot, "specs");

    public static string Examples => Path.Combine(Specs, "examples");

    /// <summary>The shared reference data (ONOS, Kubernetes, Topology Zoo); CI has it beside the clone.</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));

    /// <summary>
    /// Extra <c>privc compile</c> arguments of an example, from its optional <c>compile-args</c> file (whitespace
    /// separated), for the tests that compile every example the same way.
    /// </summary>
    public static string[] CompileArguments(string exampleFolder)
    {
        var file = Path.Combine(exampleFolder, "compile-args");
        return File.Exists(file) ? File.ReadAllText(file).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) : [];
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Compiler.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("cannot find Compiler.sln above the test binaries");
    }
}
