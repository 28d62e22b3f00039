using Microsoft.Data.Analysis;
using static TorchSharp.torch;

namespace Safr.Kit.Tables;

/// <summary>
/// Per-token scores of a batch as DataFrames (one text's displayed scores: <c>Display.TokenImportance.ToDataFrame</c>): B x L tensors such as <see cref="Model.SafrOutput.KeepProbability"/> and
/// <see cref="Regularization.SafrRegularizer.TokenPolysemanticity"/> side by side, padding left out.
/// </summary>
public static class TokenScoreFrames
{
    /// <summary>
    /// One row per real token of a batch, example-major: Example, Position (int), then one double column per named
    /// B x L tensor. For example
    /// <c>TokenScoreFrames.Of(output.TokenMask, ("KeepProbability", output.KeepProbability()), ("Polysemanticity", SafrRegularizer.TokenPolysemanticity(output.MaskedEmbeddings)))</c>.
    /// </summary>
    /// <param name="tokenMask">B x L, nonzero for the tokens to keep (real tokens); padding rows are left out.</param>
    /// <param name="columns">Column name and its B x L values (any floating or integer type; read as double).</param>
    public static DataFrame Of(Tensor tokenMask, params (string Name, Tensor Values)[] columns)
    {
        ArgumentNullException.ThrowIfNull(tokenMask);
        ArgumentNullException.ThrowIfNull(columns);
        if (tokenMask.dim() != 2) throw new ArgumentException($"tokenMask must be B x L, got [{string.Join(", ", tokenMask.shape)}]", nameof(tokenMask));
        var (batch, length) = ((int)tokenMask.size(0), (int)tokenMask.size(1));
        bool[] real;
        using (NewDisposeScope()) real = tokenMask.detach().ne(0).cpu().contiguous().data<bool>().ToArray();
        var rows = Enumerable.Range(0, batch * length).Where(k => real[k]).ToArray();
        var frame = new DataFrame(
            new Int32DataFrameColumn("Example", rows.Select(k => k / length)),
            new Int32DataFrameColumn("Position", rows.Select(k => k % length)));
        foreach (var (name, values) in columns)
        {
            ArgumentNullException.ThrowIfNull(values);
            if (values.dim() != 2 || values.size(0) != batch || values.size(1) != length)
                throw new ArgumentException($"column '{name}' must be B x L = [{batch}, {length}] like the mask, got [{string.Join(", ", values.shape)}]", nameof(columns));
            double[] all;
            using (NewDisposeScope()) all = values.detach().to(float64).cpu().contiguous().data<double>().ToArray();
            frame.Columns.Add(new DoubleDataFrameColumn(name, rows.Select(k => all[k])));
        }
        return frame;
    }
}
