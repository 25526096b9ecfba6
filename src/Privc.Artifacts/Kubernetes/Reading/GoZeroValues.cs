using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Privc.Artifacts.Kubernetes;

/// <summary>
/// Gives a deserialised Kubernetes object the values Go's encoding/json gives it, where System.Text.Json differs: a
/// null element of a list of objects is the zero object (so <c>ingress: [~]</c> is the empty rule, which admits
/// everything, exactly as the API server reads it), and a null string in a list or map is the empty string.
/// </summary>
internal static class GoZeroValues
{
    private const int MaxDepth = 80;

    private const string Justification = "Only KubernetesClient's k8s.Models types are reflected over; the native build roots that assembly whole (Privc.Cli.csproj, TrimmerRootAssembly), and .ci/native-check runs privc check on every example with both builds.";

    public static void Fill(object model) => Fill(model, 0);

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = Justification)]
    [UnconditionalSuppressMessage("Trimming", "IL2062", Justification = Justification)]
    private static void Fill(object model, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }
        foreach (var property in model.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || !property.CanRead)
            {
                continue;
            }
            var value = property.GetValue(model);
            switch (value)
            {
                case null or string:
                    break;
                case IDictionary<string, string> map:
                    foreach (var key in map.Where(p => p.Value is null).Select(p => p.Key).ToList())
                    {
                        map[key] = string.Empty;
                    }
                    break;
                case IList list when property.PropertyType.IsGenericType:
                    var element = property.PropertyType.GetGenericArguments()[0];
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (list[i] is null)
                        {
                            list[i] = element == typeof(string) ? string.Empty : IsModel(element) ? Activator.CreateInstance(element) : null;
                        }
                        if (list[i] is { } item && IsModel(item.GetType()))
                        {
                            Fill(item, depth + 1);
                        }
                    }
                    break;
                default:
                    if (IsModel(value.GetType()))
                    {
                        Fill(value, depth + 1);
                    }
                    break;
            }
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = Justification)]
    private static bool IsModel(Type type) =>
        type.IsClass && type.Namespace == "k8s.Models" && type.GetConstructor(Type.EmptyTypes) is not null;
}
