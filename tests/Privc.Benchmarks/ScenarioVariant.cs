namespace Privc.Benchmarks;

/// <summary>Which version of a generated scenario: as generated, made infeasible, or with bandwidth that binds.</summary>
public enum ScenarioVariant
{
    /// <summary>Satisfiable by construction.</summary>
    Feasible,

    /// <summary>One intent more makes it unsatisfiable; the benchmark measures the minimal core.</summary>
    Infeasible,

    /// <summary>Flows large enough against link capacities that W4 binds and routes must be searched jointly.</summary>
    Contended,
}
