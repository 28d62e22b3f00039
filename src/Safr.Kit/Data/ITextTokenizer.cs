namespace Safr.Kit.Data;

/// <summary>
/// The seam between text and a <see cref="Vocabulary"/>: it cuts a text into tokens, each named by a key that is
/// the same for every occurrence of the same token type. The vocabulary counts keys over the train split, keeps the
/// frequent ones and maps them to model ids, so the model's embedding table holds only what training saw.
/// Built in: <see cref="WhitespaceTokenizer"/> (the release's; keys are words) and <see cref="SubwordTokenizer"/>
/// (any Microsoft.ML.Tokenizers tokenizer, GPT-2 BPE among them; keys are its subword ids). See <see cref="TextTokenizers"/>.
/// </summary>
public interface ITextTokenizer
{
    /// <summary>The name recorded beside a vocabulary (checkpoint manifests), so a saved model is reloaded with the tokenizer it was trained with.</summary>
    string Name { get; }

    /// <summary>The keys of <paramref name="text"/>'s tokens, in order.</summary>
    IReadOnlyList<string> Tokenize(string text);

    /// <summary>How the token with <paramref name="key"/> is shown to a person (VMASK and probe displays); need not be unique.</summary>
    string Display(string key);

    /// <summary>
    /// The text of a run of keys as <see cref="Tokenize"/> made them. Keys it did not make, such as
    /// <see cref="Vocabulary.UnkToken"/>, are written as they are.
    /// </summary>
    string Detokenize(IReadOnlyList<string> keys);
}
