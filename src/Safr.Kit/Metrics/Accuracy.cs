using Safr.Kit.Data;
using Safr.Kit.Model;
using static TorchSharp.torch;

namespace Safr.Kit.Metrics;

/// <summary>Classification accuracy of a model over batches, in evaluation mode (VMASK uses keep probabilities).</summary>
public static class Accuracy
{
    /// <summary>
    /// The fraction of labelled examples whose arg-max class is the label. The model is put in eval mode
    /// for the pass and its previous mode restored; unlabelled examples (label -1) are skipped.
    /// </summary>
    public static double Evaluate(SafrTransformer model, IEnumerable<Batch> batches)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        var (correct, total) = Count(model, batches);
        if (total == 0) throw new InputException("accuracy: no labelled examples to score (the split has no labels, or no examples)");
        return (double)correct / total;
    }

    /// <summary>Correct and labelled counts, for callers that pool several passes.</summary>
    public static (long Correct, long Total) Count(SafrTransformer model, IEnumerable<Batch> batches)
    {
        using var evaluation = new EvaluationScope(model);
        long correct = 0, total = 0;
        foreach (var batch in batches)
        {
            using (batch)
            using (NewDisposeScope())
            {
                var predicted = model.call(batch.InputIds).Logits.argmax(-1);
                var labelled = batch.Labels.ge(0);
                correct += (predicted.eq(batch.Labels) & labelled).sum().item<long>();
                total += labelled.sum().item<long>();
            }
        }
        return (correct, total);
    }
}
