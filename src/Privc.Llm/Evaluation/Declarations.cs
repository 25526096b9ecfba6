using Privc.Semantics;

namespace Privc.Llm.Evaluation;

/// <summary>The declarations two programs must share for their intents to be compared at all.</summary>
public static class Declarations
{
    /// <summary>Why the programs' services, flows or data differ, or null when they agree.</summary>
    public static string? Difference(BoundProgram left, BoundProgram right)
    {
        static string Services(BoundProgram p) => string.Join("; ", p.Services.Select(s => $"{s.Name} x{s.Replicas} {s.CpuMillis}m {s.MemoryBytes}B {s.Tenant}"));
        static string Flows(BoundProgram p) => string.Join("; ", p.Flows.Select(f => $"{f.Name} {f.Source}->{f.Target} {f.BandwidthBps} {f.Port}"));
        static string Data(BoundProgram p) => string.Join("; ", p.Data.Select(d => $"{d.Name} {d.Level}"));
        if (Services(left) != Services(right))
        {
            return "the two sides declare different services";
        }
        if (Flows(left) != Flows(right))
        {
            return "the two sides declare different flows";
        }
        return Data(left) != Data(right) ? "the two sides declare different data classes" : null;
    }
}
