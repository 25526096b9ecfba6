namespace Privc.Llm.Evaluation;

/// <summary>
/// Confidence bounds for an accuracy measured on n cases: the two-sided 95% Wilson score interval (what reports show
/// beside each accuracy), and the one-sided 95% Clopper-Pearson lower bound (what a claim "at least p" rests on).
/// With n cases all correct the latter is 0.05^(1/n): 299 cases are needed for 99%, 320 give 99.07%.
/// </summary>
public static class Proportion
{
    /// <summary>The 0.975 quantile of the standard normal distribution.</summary>
    public const double Z95 = 1.959963984540054;

    public static (double Low, double High) Wilson(int correct, int cases, double z = Z95)
    {
        if (cases <= 0)
        {
            return (0, 1);
        }
        var p = correct / (double)cases;
        var z2 = z * z;
        var centre = (p + z2 / (2 * cases)) / (1 + z2 / cases);
        var half = z * Math.Sqrt(p * (1 - p) / cases + z2 / (4.0 * cases * cases)) / (1 + z2 / cases);
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// The exact lower bound p with P(X &gt;= correct | p) = alpha for X ~ Binomial(cases, p), by bisection on the
    /// binomial tail (60 halvings: far below any digit a report prints).
    /// </summary>
    public static double ClopperPearsonLower(int correct, int cases, double alpha = 0.05)
    {
        if (cases <= 0 || correct <= 0)
        {
            return 0;
        }
        if (correct == cases)
        {
            return Math.Pow(alpha, 1.0 / cases);
        }
        double low = 0, high = correct / (double)cases;
        for (var i = 0; i < 60; i++)
        {
            var mid = (low + high) / 2;
            if (UpperTail(correct, cases, mid) < alpha)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    /// <summary>P(X &gt;= k) for X ~ Binomial(n, p), summed in log space.</summary>
    private static double UpperTail(int k, int n, double p)
    {
        var sum = 0.0;
        for (var i = k; i <= n; i++)
        {
            sum += Math.Exp(LogChoose(n, i) + i * Math.Log(p) + (n - i) * Math.Log(1 - p));
        }
        return sum;
    }

    private static double LogChoose(int n, int k)
    {
        var result = 0.0;
        for (var i = 1; i <= k; i++)
        {
            result += Math.Log(n - k + i) - Math.Log(i);
        }
        return result;
    }
}
