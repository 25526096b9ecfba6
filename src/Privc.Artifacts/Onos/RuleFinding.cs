using Privc.Checking;
using Privc.Text;

namespace Privc.Artifacts.Onos;

/// <summary>
/// A violation the tracer finds in the flow rules themselves rather than in one declared flow's packets (undeclared
/// pod traffic carried, ARP sent off the proven routes), with the rule at fault.
/// </summary>
public sealed record RuleFinding(Violation Violation, SourceLocation At);
