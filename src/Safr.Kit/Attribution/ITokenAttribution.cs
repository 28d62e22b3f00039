using Safr.Kit.Model;
using static TorchSharp.torch;

namespace Safr.Kit.Attribution;

/// <summary>
/// One token-importance method behind one call, as Captum's attribution classes are: a score per token
/// of each text, higher meaning more important. Metrics such as <see cref="Metrics.Faithfulness"/> take
/// any implementation, so methods can be compared on equal terms.
/// </summary>
public interface ITokenAttribution
{
    /// <summary>The method's name in reports ("VMASK", "random", ...).</summary>
    string Name { get; }

    /// <summary>
    /// One score per token of each example, in eval mode; the model's training mode is restored afterwards.
    /// </summary>
    /// <param name="model">
    /// Any module with the kit's contract, B x L token ids (PAD = 0) in and a <see cref="SafrOutput"/> out:
    /// <see cref="SafrTransformer"/>, or a module of your own.
    /// </param>
    /// <param name="examples">Token ids of each text, unpadded and non-empty.</param>
    /// <param name="padToLength">
    /// Null reads every example at its own length; a length pads each to it, as
    /// <see cref="Metrics.ClassProbabilities.Of"/> does: a model that mean-pools over all positions
    /// (<see cref="RunMode.Paper"/>) must be read at the padding it was trained with.
    /// </param>
    double[][] Attribute(nn.Module<Tensor, SafrOutput> model, IReadOnlyList<IReadOnlyList<int>> examples, int? padToLength = null);
}
