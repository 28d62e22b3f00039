using System.Globalization;
using Safr.Kit.Data;
using Safr.Kit.Model;
using Safr.Kit.Regularization;
using TorchSharp;
using static TorchSharp.torch;

namespace Safr.Kit.Metrics;

/// <summary>
/// The paper's central claim made measurable: are the tokens VMASK keeps (the important ones) less
/// polysemantic than the rest? Each real token's polysemanticity P_l (the quantity L_imp averages,
/// <see cref="SafrRegularizer.TokenPolysemanticity"/> on the VMASK-masked embeddings) is averaged
/// separately over tokens whose keep probability is above <see cref="Threshold"/> ("important") and
/// the others. A group with no tokens has a mean of NaN.
/// </summary>
/// <param name="Important">Mean P_l over real tokens with keep probability &gt; <paramref name="Threshold"/>.</param>
/// <param name="Other">Mean P_l over the remaining real tokens.</param>
/// <param name="All">Mean P_l over all real tokens (padding excluded).</param>
/// <param name="ImportantTokens">How many real tokens were important.</param>
/// <param name="OtherTokens">How many real tokens were not.</param>
/// <param name="Threshold">The keep probability a token must exceed to count as important.</param>
[TypeFormatterSource(typeof(SafrFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record PolysemanticityByImportance(
    double Important, double Other, double All, long ImportantTokens, long OtherTokens, double Threshold)
{
    /// <summary>VMASK's natural cut: a token is important when it is more likely kept than dropped.</summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>Real tokens scored, both groups together.</summary>
    public long Tokens => ImportantTokens + OtherTokens;

    /// <summary>
    /// Scores every real token of <paramref name="batches"/> with the model in eval mode (VMASK's keep
    /// probability, no dropout) and without gradients; the model's previous mode is restored afterwards.
    /// P_l is computed exactly as the release's L_imp computes it, on the whole padded sequence: padding
    /// rows (nonzero, since the embedding has no padding index) enter every token's overlap sum, so
    /// a token's P_l depends on how much padding its batch has. Padding positions (<see cref="Batch.Mask"/>
    /// false) are then left out of the averages and counts. Each batch is disposed once scored, as
    /// <see cref="Accuracy"/> does.
    /// </summary>
    /// <param name="threshold">Keep probability above which a token is important (0.5: more likely kept than dropped).</param>
    public static PolysemanticityByImportance Evaluate(nn.Module<Tensor, SafrOutput> model, IEnumerable<Batch> batches, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        if (!(threshold >= 0 && threshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "a keep-probability threshold must be in [0, 1]");
        var tally = new Tally(threshold);
        EvaluationPass.Run(model, batches, (output, batch) => tally.Add(output, batch.Mask));
        return tally.Result();
    }

    /// <summary>Sums over batches of one evaluation pass (<see cref="Evaluator"/> feeds several metrics from one forward).</summary>
    internal sealed class Tally(double threshold)
    {
        private double _importantSum, _otherSum;
        private long _importantCount, _otherCount;

        public void Add(SafrOutput output, Tensor mask)
        {
            using var scope = NewDisposeScope();
            var p = SafrRegularizer.TokenPolysemanticity(output.MaskedEmbeddings).to(float64);
            var keep = output.KeepProbability();
            var real = mask.to(ScalarType.Bool);
            var important = keep.gt(threshold) & real;
            var other = keep.le(threshold) & real;
            _importantSum += (p * important.to(float64)).sum().item<double>();
            _otherSum += (p * other.to(float64)).sum().item<double>();
            _importantCount += important.sum().item<long>();
            _otherCount += other.sum().item<long>();
        }

        public PolysemanticityByImportance Result()
        {
            if (_importantCount + _otherCount == 0) throw new InputException("polysemanticity: no real (non-padding) tokens to score");
            return new PolysemanticityByImportance(
                Mean(_importantSum, _importantCount),
                Mean(_otherSum, _otherCount),
                (_importantSum + _otherSum) / (_importantCount + _otherCount),
                _importantCount,
                _otherCount,
                threshold);
        }
    }

    private static double Mean(double sum, long count) => count == 0 ? double.NaN : sum / count;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Polysemanticity P_l: important {Important:F4} ({ImportantTokens:N0} tokens with keep > {Threshold:G3}), other {Other:F4} ({OtherTokens:N0}), all {All:F4} ({Tokens:N0})");
}
