using System.Globalization;
using Microsoft.ML.Tokenizers;

namespace Safr.Kit.Data;

/// <summary>
/// Any Microsoft.ML.Tokenizers <see cref="Microsoft.ML.Tokenizers.Tokenizer"/> as an <see cref="ITextTokenizer"/>:
/// a token's key is its subword id (in decimal), so a <see cref="Vocabulary"/> built with it maps the subword ids that
/// occur in training to a small, dense range of model ids (<see cref="Vocabulary.PadId"/> and
/// <see cref="Vocabulary.UnkId"/> reserved, the same min frequency as for words) instead of giving the model the
/// tokenizer's whole id space. GPT-2's BPE ships with the kit: <see cref="TextTokenizers.Gpt2"/>.
/// <code>
/// var llama = new SubwordTokenizer("llama", LlamaTokenizer.Create(stream));
/// var vocabulary = Vocabulary.Build(data, tokenizer: llama);
/// </code>
/// </summary>
public sealed class SubwordTokenizer : ITextTokenizer
{
    private readonly Func<int, string> _tokenText;

    /// <param name="name">Recorded in checkpoint manifests; reload such a model with the same tokenizer (Checkpoint.Load's tokenizer argument).</param>
    /// <param name="tokenizer">Encodes with <c>EncodeToIds</c> and decodes with <c>Decode</c>, as configured (normalizer, special tokens...).</param>
    /// <param name="tokenText">How a subword id is shown; null: the tokenizer's decoding of that id alone.</param>
    public SubwordTokenizer(string name, Tokenizer tokenizer, Func<int, string>? tokenText = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(tokenizer);
        Name = name;
        Tokenizer = tokenizer;
        _tokenText = tokenText ?? (id => tokenizer.Decode([id]));
    }

    public string Name { get; }

    /// <summary>The Microsoft.ML.Tokenizers tokenizer this one wraps.</summary>
    public Tokenizer Tokenizer { get; }

    /// <summary>The key of subword id <paramref name="id"/>.</summary>
    public static string KeyOf(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The subword id a key names; an ArgumentException for anything else (a vocabulary that was not built by a subword tokenizer).</summary>
    public static int IdOf(string key) =>
        int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new ArgumentException($"'{key}' is not a subword id (a subword vocabulary's keys are the tokenizer's ids)", nameof(key));

    public IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = Tokenizer.EncodeToIds(text);
        var keys = new string[ids.Count];
        for (var i = 0; i < keys.Length; i++) keys[i] = KeyOf(ids[i]);
        return keys;
    }

    public string Display(string key) => _tokenText(IdOf(key));

    /// <summary>Each run of subword keys decoded by the tokenizer; other keys (&lt;UNK&gt;, &lt;PAD&gt;) written between the runs as they are.</summary>
    public string Detokenize(IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var text = new System.Text.StringBuilder();
        var run = new List<int>();
        foreach (var key in keys)
        {
            if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                run.Add(id);
                continue;
            }
            Flush();
            text.Append(key);
        }
        Flush();
        return text.ToString();

        void Flush()
        {
            if (run.Count == 0) return;
            text.Append(Tokenizer.Decode(run));
            run.Clear();
        }
    }

    public override string ToString() => $"{Name} ({Tokenizer.GetType().Name})";
}
