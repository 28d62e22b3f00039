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
    /// <param name="model">Any module with the kit's contract (<see cref="SafrOutput"/>): only its logits are read.</param>
    public static double Evaluate(nn.Module<Tensor, SafrOutput> model, IEnumerable<Batch> batches)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        return Pass(model, batches).Result();
    }

    private static Tally Pass(nn.Module<Tensor, SafrOutput> model, IEnumerable<Batch> batches)
    {
        var tally = new Tally();
        EvaluationPass.Run(model, batches, (output, batch) => tally.Add(output, batch.Labels));
        return tally;
    }

    /// <summary>Counts over batches of one evaluation pass (<see cref="Evaluator"/> feeds several metrics from one forward).</summary>
    internal sealed class Tally
    {
        public long Correct { get; private set; }
        public long Total { get; private set; }

        public void Add(SafrOutput output, Tensor labels)
        {
            using var scope = NewDisposeScope();
            var labelled = labels.ge(0);
            Correct += (output.Logits.argmax(-1).eq(labels) & labelled).sum().item<long>();
            Total += labelled.sum().item<long>();
        }

        public double Result() => Total > 0 ? (double)Correct / Total
            : throw new InputException("accuracy: no labelled examples to score (the split has no labels, or no examples)");
    }
}
