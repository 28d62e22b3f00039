using System.CommandLine;
using Safr.Kit.Data;
using Safr.Kit.Training;

namespace Safr.Cli;

/// <summary>
/// <c>--tokenizer whitespace|gpt2</c>. train chooses it (default whitespace) and the manifest records it; evaluate and
/// probe always use the model's own, so there the option only guards a script's expectation: a mismatch is refused.
/// </summary>
internal static class CliTokenizer
{
    public static Option<string?> Option(string description)
    {
        var option = new Option<string?>("--tokenizer") { Description = description };
        option.AcceptOnlyFromAmong([.. TextTokenizers.Names]);
        return option;
    }

    /// <summary>The tokenizer a manifest records (old manifests have none: whitespace).</summary>
    public static string Of(CheckpointManifest manifest) => manifest.Vocabulary.Tokenizer ?? WhitespaceTokenizer.TokenizerName;

    /// <summary>Refuses <paramref name="asked"/> (when given) unless it is the model's tokenizer.</summary>
    public static void Check(string? asked, string modelTokenizer, string where)
    {
        if (asked is not null && asked != modelTokenizer)
            throw new CliException($"--tokenizer {asked} does not match {where}, which was trained with the {modelTokenizer} tokenizer (as its manifest records; leave --tokenizer out to use it)");
    }
}
