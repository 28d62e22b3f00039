using System.Globalization;
using Safr.Kit.Data;
using Safr.Kit.Model;
using Safr.Kit.Regularization;
using TorchSharp;
using static TorchSharp.torch;

namespace Safr.Kit.Metrics;

/// <summary>
/// The interaction score: L_inter (<see cref="SafrRegularizer.InteractionLoss"/>, averaged over layers as
/// <see cref="SafrObjective.InteractionLoss"/> does) on held-out data, lower meaning that tokens which attend
/// to each other share attention more. A per-batch mean, so batches are weighted by their size to give
/// the same number however the data is cut (up to the padding each batch has, which L_inter includes).
/// </summary>
/// <param name="Value">The example-weighted mean of the per-batch L_inter.</param>
/// <param name="Examples">How many examples were scored.</param>
/// <param name="Batches">How many batches they came in.</param>
[TypeFormatterSource(typeof(SafrFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record InteractionScore(double Value, long Examples, int Batches)
{
    /// <summary>
    /// Scores <paramref name="batches"/> in eval mode (no dropout, VMASK's keep probabilities) and without
    /// gradients, restoring the model's previous mode afterwards: sum over batches of B * L_inter, divided
    /// by the number of examples. Each batch is disposed once scored, as <see cref="Accuracy"/> does.
    /// </summary>
    public static InteractionScore Evaluate(nn.Module<Tensor, SafrOutput> model, IEnumerable<Batch> batches)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        var tally = new Tally();
        EvaluationPass.Run(model, batches, (output, batch) => tally.Add(output, batch.Size));
        return tally.Result();
    }

    /// <summary>Sums over batches of one evaluation pass (<see cref="Evaluator"/> feeds several metrics from one forward).</summary>
    internal sealed class Tally
    {
        private double _weightedSum;
        private long _examples;
        private int _batches;

        public void Add(SafrOutput output, int batchSize)
        {
            using var scope = NewDisposeScope();
            _weightedSum += SafrObjective.InteractionLoss(output).to(float64).item<double>() * batchSize;
            _examples += batchSize;
            _batches++;
        }

        public InteractionScore Result()
        {
            if (_examples == 0) throw new InputException("interaction score: no examples to score");
            return new InteractionScore(_weightedSum / _examples, _examples, _batches);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Interaction score L_inter: {Value:F6} ({Examples:N0} examples in {Batches:N0} batches)");
}
