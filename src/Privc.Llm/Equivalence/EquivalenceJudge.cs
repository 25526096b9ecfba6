using Privc.Llm.Evaluation;
using Privc.Semantics;
using Privc.Topology;
using Privc.Verification.Solving;

namespace Privc.Llm.Equivalence;

/// <summary>
/// The judge `privc eval` and `privc translate --samples` use: first the topology-independent comparison
/// (<see cref="SymbolicEquivalence"/>), the only one that makes an answer equivalent; when it finds a difference and
/// a solver is at hand, the comparison over the topology at hand (<see cref="IntentEquivalence"/>) tells whether the
/// difference shows on this topology at all, and an answer that agrees there is reported as
/// <see cref="EquivalenceVerdict.EquivalentOnTopology"/>, a weaker verdict that no caller counts as equivalent.
/// </summary>
public sealed class EquivalenceJudge
{
    private readonly TopologyModel topology;
    private readonly ISmtSolverFactory? solvers;
    private readonly SolverOptions options;
    private readonly SymbolicEquivalence symbolic;

    /// <param name="topology">The topology both sides are bound against.</param>
    /// <param name="solvers">For the weaker, topology-bound comparison; null skips it.</param>
    /// <param name="options">How that comparison's solver is found and limited.</param>
    public EquivalenceJudge(TopologyModel topology, ISmtSolverFactory? solvers, SolverOptions options)
    {
        this.topology = topology;
        this.solvers = solvers;
        this.options = options;
        symbolic = new SymbolicEquivalence(topology.Schema);
    }

    /// <summary>
    /// Compares two programs over the same declarations, context included (an answer that restates a context
    /// intent, or a declassification that shrinks one, is judged by the whole program it makes). The topology-bound
    /// comparison looks at the intents of <paramref name="leftPath"/> and <paramref name="rightPath"/> only.
    /// </summary>
    public EquivalenceResult Compare(BoundProgram left, string leftPath, BoundProgram right, string rightPath, string leftName, string rightName)
    {
        var result = symbolic.Compare(left, right, leftName, rightName);
        if (result.Verdict is EquivalenceVerdict.Equivalent or EquivalenceVerdict.NotComparable || solvers is null)
        {
            return result.ToResult();
        }
        var onTopology = new IntentEquivalence(topology, solvers, options)
            .Compare(IntentSet.FromSource(left, leftPath), IntentSet.FromSource(right, rightPath), leftName, rightName);
        return onTopology.IsEquivalent
            ? new EquivalenceResult(EquivalenceVerdict.EquivalentOnTopology,
                $"equivalent on topology '{topology.Name}' only, where no element tells them apart; on other topologies {result.Explanation}")
            : result.ToResult();
    }
}
