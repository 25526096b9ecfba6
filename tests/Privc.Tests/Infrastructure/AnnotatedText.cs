using System.Collections.Immutable;
using System.Text;
using Privc.Text;

namespace Privc.Tests.Infrastructure;

/// <summary>
/// Source text with marked spans, Minsk style: <c>data X: [secret];</c> is the text <c>data X: secret;</c> with one
/// span around <c>secret</c>. Marks nest (<c>[[x]]</c> is two spans on x) and may be empty (<c>[]</c>, a position).
/// privc has no square brackets; YAML does, so topology tests use other marks.
/// </summary>
public sealed record AnnotatedText(string Text, ImmutableArray<TextSpan> Spans)
{
    public static AnnotatedText Parse(string marked, char open = '[', char close = ']')
    {
        var text = new StringBuilder(marked.Length);
        var starts = new Stack<int>();
        var spans = new List<TextSpan>();
        foreach (var c in marked)
        {
            if (c == open)
            {
                starts.Push(text.Length);
            }
            else if (c == close)
            {
                Assert.True(starts.Count > 0, $"unbalanced '{close}' in test source");
                spans.Add(TextSpan.FromBounds(starts.Pop(), text.Length));
            }
            else
            {
                text.Append(c);
            }
        }
        Assert.True(starts.Count == 0, $"unbalanced '{open}' in test source");
        return new AnnotatedText(text.ToString(), spans.Order().ToImmutableArray());
    }
}
