using System.Text.Json;
using System.Text.Json.Serialization;

using Safr.Kit.Serialization;

namespace Safr.Kit.Data;

/// <summary>
/// The token-to-id map, built as the SAFR release builds it: tokens of the TRAIN split only, kept when they
/// occur at least <see cref="MinFrequency"/> times (2), with <c>&lt;pad&gt;</c> = 0 and <c>&lt;unk&gt;</c> = 1
/// first and then the kept tokens in order of first appearance. That order is what iterating a Python
/// <c>Counter</c>/<c>dict</c> gives (insertion order, Python 3.7+); the release's ids follow it assuming it
/// iterates its counter without sorting. Only the ids' order depends on that assumption, not which tokens are kept.
/// The tokens come from its <see cref="Tokenizer"/>: the release's whitespace split by default, or any
/// <see cref="ITextTokenizer"/> (e.g. <see cref="TextTokenizers.Gpt2"/>, whose tokens are subword ids: the vocabulary
/// then keeps the subwords training uses, so the embedding table stays small).
/// Saved as JSON beside a model checkpoint (<see cref="Save"/>, <see cref="Load"/>).
/// </summary>
public sealed class Vocabulary
{
    public const int PadId = 0;
    public const int UnkId = 1;
    public const string PadToken = "<PAD>";  // spelled as in the release's vocabulary
    public const string UnkToken = "<UNK>";

    /// <summary>The release's threshold: a token seen once in train is unknown.</summary>
    public const int DefaultMinFrequency = 2;

    private const string FormatName = "safr-vocabulary";
    private const int FormatVersion = 1;

    private readonly string[] _keys;
    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;

    private Vocabulary(string[] keys, int minFrequency, ITextTokenizer? tokenizer)
    {
        if (keys.Length < 2 || keys[PadId] != PadToken || keys[UnkId] != UnkToken)
            throw new ArgumentException($"a vocabulary starts with {PadToken} (id {PadId}) and {UnkToken} (id {UnkId})");
        _keys = keys;
        MinFrequency = minFrequency;
        Tokenizer = tokenizer ?? WhitespaceTokenizer.Instance;
        _ids = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            if (!_ids.TryAdd(keys[i], i)) throw new ArgumentException($"token '{keys[i]}' appears twice (ids {_ids[keys[i]]} and {i})");
        }
        // A word is its own display; other tokenizers name their tokens (once here, not per lookup).
        _tokens = Tokenizer is WhitespaceTokenizer ? keys
            : [PadToken, UnkToken, .. keys.Skip(2).Select(Tokenizer.Display)];
    }

    /// <summary>
    /// Builds the vocabulary from training texts (pass the train split only: dev and test tokens must stay unknown),
    /// cut by <paramref name="tokenizer"/> (null: the release's whitespace split).
    /// </summary>
    public static Vocabulary Build(IEnumerable<string> trainTexts, int minFrequency = DefaultMinFrequency, ITextTokenizer? tokenizer = null)
    {
        ArgumentNullException.ThrowIfNull(trainTexts);
        ArgumentOutOfRangeException.ThrowIfLessThan(minFrequency, 1);
        tokenizer ??= WhitespaceTokenizer.Instance;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstAppearance = new List<string>();
        foreach (var text in trainTexts)
        {
            foreach (var token in tokenizer.Tokenize(text))
            {
                if (counts.TryGetValue(token, out var n)) counts[token] = n + 1;
                else
                {
                    counts[token] = 1;
                    firstAppearance.Add(token);
                }
            }
        }
        var tokens = new List<string>(firstAppearance.Count + 2) { PadToken, UnkToken };
        // A text containing "<PAD>" or "<UNK>" literally must not get a second id for them.
        tokens.AddRange(firstAppearance.Where(t => counts[t] >= minFrequency && t is not PadToken and not UnkToken));
        return new Vocabulary([.. tokens], minFrequency, tokenizer);
    }

    /// <summary>Builds the vocabulary from <paramref name="train"/> examples (the train split).</summary>
    public static Vocabulary Build(IEnumerable<TextExample> train, int minFrequency = DefaultMinFrequency, ITextTokenizer? tokenizer = null) =>
        Build(train.Select(e => e.Text), minFrequency, tokenizer);

    /// <summary>Builds the vocabulary from the dataset's train split, as the release does.</summary>
    public static Vocabulary Build(TextDataset dataset, int minFrequency = DefaultMinFrequency, ITextTokenizer? tokenizer = null) =>
        Build(dataset.Train, minFrequency, tokenizer);

    /// <summary>A vocabulary with exactly these keys after <c>&lt;pad&gt;</c> and <c>&lt;unk&gt;</c>, in this order.</summary>
    public static Vocabulary FromTokens(IEnumerable<string> tokens, int minFrequency = DefaultMinFrequency, ITextTokenizer? tokenizer = null) =>
        new([PadToken, UnkToken, .. tokens], minFrequency, tokenizer);

    /// <summary>Number of ids, <c>&lt;pad&gt;</c> and <c>&lt;unk&gt;</c> included (the embedding's row count).</summary>
    public int Count => _keys.Length;

    /// <summary>The threshold the vocabulary was built with (informative after <see cref="Load"/>).</summary>
    public int MinFrequency { get; }

    /// <summary>What cuts texts into tokens (<see cref="WhitespaceTokenizer"/> unless built with another).</summary>
    public ITextTokenizer Tokenizer { get; }

    /// <summary>All tokens as a person reads them, indexed by id: words, or for a subword tokenizer its token text (GPT-2: "Ġmovie").</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>
    /// All keys, indexed by id: what the vocabulary maps and a manifest stores. The same as <see cref="Tokens"/> for
    /// words; a subword tokenizer's ids (in decimal) otherwise.
    /// </summary>
    public IReadOnlyList<string> Keys => _keys;

    /// <summary>The id of the token with <paramref name="key"/> (a word; a subword tokenizer's id), or <see cref="UnkId"/> when it is not in the vocabulary.</summary>
    public int this[string key] => _ids.TryGetValue(key, out var id) ? id : UnkId;

    /// <summary>The token with id <paramref name="id"/>, as a person reads it (<see cref="Tokens"/>).</summary>
    public string this[int id] => _tokens[id];

    /// <summary>Whether the key (see <see cref="this[string]"/>) has an id of its own.</summary>
    public bool Contains(string key) => _ids.ContainsKey(key);

    /// <summary>Token ids of <paramref name="text"/>, cut to the first <paramref name="maxLength"/> tokens when given (no padding).</summary>
    public int[] Encode(string text, int? maxLength = null)
    {
        var keys = Tokenizer.Tokenize(text);
        var n = maxLength is { } max ? Math.Min(max, keys.Count) : keys.Count;
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "must not be negative");
        var ids = new int[n];
        for (var i = 0; i < n; i++) ids[i] = this[keys[i]];
        return ids;
    }

    /// <summary>
    /// How many of <paramref name="texts"/>' tokens are unknown (<see cref="UnkId"/>), counted up to
    /// <paramref name="maxLength"/> tokens per text when given (what the model sees), all of them otherwise.
    /// </summary>
    public TokenizationReport Report(IEnumerable<string> texts, int? maxLength = null) => TokenizationReport.Measure(this, texts, maxLength);

    /// <summary>As <see cref="Report(IEnumerable{string}, int?)"/>, for a split's examples.</summary>
    public TokenizationReport Report(IEnumerable<TextExample> examples, int? maxLength = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return Report(examples.Select(e => e.Text), maxLength);
    }

    /// <summary>The share of <paramref name="examples"/>' tokens that are unknown (see <see cref="Report(IEnumerable{TextExample}, int?)"/>).</summary>
    public double UnknownRate(IEnumerable<TextExample> examples) => Report(examples).UnknownRate;

    /// <summary>
    /// The text of <paramref name="ids"/>: the words joined by spaces, or a subword tokenizer's decoding; padding is
    /// left out unless <paramref name="keepPadding"/>, and <see cref="UnkToken"/> stands where a token was unknown.
    /// </summary>
    public string Decode(IEnumerable<int> ids, bool keepPadding = false) =>
        Tokenizer.Detokenize([.. ids.Where(id => keepPadding || id != PadId).Select(id => _keys[id])]);

    /// <summary>As <see cref="Decode(IEnumerable{int}, bool)"/>, for the int64 ids a batch tensor holds.</summary>
    public string Decode(IEnumerable<long> ids, bool keepPadding = false) => Decode(ids.Select(id => checked((int)id)), keepPadding);

    /// <summary>
    /// Rebuilds a vocabulary from its id-ordered key list (as a checkpoint manifest stores it); the list
    /// must start with <see cref="PadToken"/> and <see cref="UnkToken"/> and hold no duplicates.
    /// </summary>
    /// <param name="tokenizer">The tokenizer it was built with (null: whitespace).</param>
    public static Vocabulary FromTokenList(IEnumerable<string> tokens, int minFrequency = DefaultMinFrequency, ITextTokenizer? tokenizer = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return new Vocabulary(tokens.ToArray(), minFrequency, tokenizer);
    }

    /// <summary>Writes the vocabulary (its keys and its tokenizer's name) as JSON, atomically (a temporary file moved over <paramref name="path"/>).</summary>
    public void Save(string path)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new VocabularyFile(FormatName, FormatVersion, MinFrequency, _keys, Tokenizer.Name), JsonOptions);
        AtomicFile.WriteAllBytes(path, json);
    }

    /// <summary>
    /// Reads a vocabulary written by <see cref="Save"/>, with the tokenizer it names (a file without one is
    /// whitespace); pass <paramref name="tokenizer"/> for one that is not built in (<see cref="TextTokenizers"/>).
    /// </summary>
    public static Vocabulary Load(string path, ITextTokenizer? tokenizer = null)
    {
        VocabularyFile? file;
        try
        {
            file = JsonSerializer.Deserialize<VocabularyFile>(File.ReadAllBytes(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, (int)(e.LineNumber ?? 0) + 1, $"not a vocabulary file: {e.Message}", e);
        }
        if (file is null || file.Format != FormatName || file.Tokens is null)
            throw new DataFormatException(path, 1, $"not a vocabulary file (expected \"format\": \"{FormatName}\" and a \"tokens\" list)");
        if (file.Version != FormatVersion)
            throw new DataFormatException(path, 1, $"vocabulary format version {file.Version} is not supported (this kit reads version {FormatVersion})");
        var resolved = TextTokenizers.Resolve(file.Tokenizer, tokenizer);
        try
        {
            return new Vocabulary(file.Tokens, file.MinFrequency, resolved);
        }
        catch (ArgumentException e)
        {
            throw new DataFormatException(path, 1, e.Message, e);
        }
    }

    public override string ToString() =>
        $"Vocabulary: {Count:N0} ids ({PadToken} {PadId}, {UnkToken} {UnkId}, min frequency {MinFrequency}{(Tokenizer is WhitespaceTokenizer ? "" : $", {Tokenizer.Name} tokens")})";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private sealed record VocabularyFile(
        [property: JsonPropertyName("format")] string Format,
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("minFrequency")] int MinFrequency,
        [property: JsonPropertyName("tokens")] string[] Tokens,
        // Absent in files written before tokenizers could be chosen: those are whitespace.
        [property: JsonPropertyName("tokenizer")] string? Tokenizer = null);
}
