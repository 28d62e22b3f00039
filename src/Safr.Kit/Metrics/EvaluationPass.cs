using Safr.Kit.Data;
using Safr.Kit.Model;
using static TorchSharp.torch;

namespace Safr.Kit.Metrics;

/// <summary>
/// One pass of a model over batches in eval mode (its mode restored afterwards): each batch is forwarded once and
/// handed with its output to the metrics' tallies, then the batch and that step's tensors are freed.
/// </summary>
internal static class EvaluationPass
{
    public static void Run(nn.Module<Tensor, SafrOutput> model, IEnumerable<Batch> batches, Action<SafrOutput, Batch> tally)
    {
        using var evaluation = new EvaluationScope(model);
        foreach (var batch in batches)
        {
            using (batch)
            using (NewDisposeScope())
            {
                tally(model.call(batch.InputIds), batch);
            }
        }
    }
}
